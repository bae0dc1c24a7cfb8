import BenchSupport
import LoadGenerator
import Synchronization

/// What the dashboard serves: the per-second samples of the run in progress, published by the thread
/// that already computes the progress line (``LoadRun/progress()`` once a second), read by the
/// dashboard's own thread. The load loops never touch it.
public final class DashboardFeed: Sendable {
    struct State {
        var title: String
        var phase: String = "starting"
        var finished = false
        /// Every sample, oldest first (capped at ``capacity``; `dropped` counts those let go).
        var samples: [DashboardSample] = []
        var dropped = 0
        var previous: LoadProgress?
    }

    /// Samples kept (an hour at one a second).
    public static let capacity = 3600

    let state: Mutex<State>

    /// A feed for the run described by `title` (shown at the top of the page).
    public init(title: String) {
        state = Mutex(State(title: title))
    }

    /// Adds the second ending at `progress` (rates from the previous one published in this phase).
    public func publish(_ progress: LoadProgress) {
        state.withLock { s in
            s.samples.append(DashboardSample(progress, since: s.previous))
            s.previous = progress
            if s.samples.count > Self.capacity {
                let excess = s.samples.count - Self.capacity
                s.samples.removeFirst(excess)
                s.dropped += excess
            }
        }
    }

    /// A new phase (a matrix cell and round): its name; rates restart from its zero.
    public func begin(phase: String) {
        state.withLock { s in
            s.phase = phase
            s.previous = nil
        }
    }

    /// Marks the run as over (the page stops polling and says so).
    public func finish(_ note: String) {
        state.withLock { s in
            s.finished = true
            s.phase = note
        }
    }

    /// The samples from index `since` on (0 = all), as JSON:
    /// `{"title","phase","finished","next","samples":[{"t","msgs_per_s","wire_mb_per_s","p50_us","p99_us","open","errors"}…]}`;
    /// `next` is the index to ask for next time.
    public func json(since: Int) -> String {
        state.withLock { s in
            var w = JSONWriter()
            w.beginObject()
            w.string("title", s.title)
            w.string("phase", s.phase)
            w.bool("finished", s.finished)
            let total = s.dropped + s.samples.count
            w.int("next", total)
            w.beginArray("samples")
            let first = max(since - s.dropped, 0)
            if first < s.samples.count {
                for sample in s.samples[first...] {
                    w.beginObject()
                    w.double("t", sample.elapsedSeconds, digits: 1)
                    w.double("msgs_per_s", sample.messagesPerSecond, digits: 0)
                    w.double("wire_mb_per_s", sample.wireMegabytesPerSecond, digits: 2)
                    w.double("p50_us", sample.p50Microseconds, digits: 1)
                    w.double("p99_us", sample.p99Microseconds, digits: 1)
                    w.int("open", sample.connectionsOpen)
                    w.int("errors", sample.errors)
                    w.endObject()
                }
            }
            w.endArray()
            w.endObject()
            return w.text
        }
    }
}
