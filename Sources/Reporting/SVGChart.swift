import BenchSupport

#if canImport(Glibc)
import Glibc
#endif

/// One line of a ``LineChart`` or one bar colour of a ``BarChart``.
public struct ChartSeries: Sendable {
    public var label: String
    public var color: String
    public var dashed: Bool
    /// (x, y) points; bars use y only, one per category (nil = no bar).
    public var points: [(x: Double, y: Double)]

    public init(label: String, color: String, dashed: Bool = false, points: [(x: Double, y: Double)]) {
        self.label = label
        self.color = color
        self.dashed = dashed
        self.points = points
    }
}

/// A chart axis: linear or logarithmic, with labelled ticks.
struct ChartAxis {
    var logarithmic: Bool
    var low: Double
    var high: Double
    var ticks: [(value: Double, label: String)]

    /// An axis covering `values` (log: positive values only), with ticks at round numbers unless given.
    init(values: [Double], logarithmic: Bool, ticks given: [(Double, String)]? = nil, format: (Double) -> String) {
        self.logarithmic = logarithmic
        // Only finite values count (and only positive ones on a log scale); none at all gives 1…10 or 0…1.
        let usable = values.filter { $0.isFinite && (!logarithmic || $0 > 0) }
        var low = usable.min() ?? (logarithmic ? 1 : 0)
        var high = usable.max() ?? (logarithmic ? 10 : 1)
        if logarithmic {
            low = Self.power(below: low)
            high = max(Self.power(above: high), low * 10)
            var ticks: [(Double, String)] = []
            var decade = low
            while decade <= high * 1.0001 {
                for m in [1.0, 2, 5] where decade * m >= low && decade * m <= high * 1.0001 { ticks.append((decade * m, format(decade * m))) }
                decade *= 10
            }
            self.ticks = given ?? ticks
        } else {
            if !values.isEmpty && low > 0 { low = 0 }
            if high <= low { high = low + 1 }
            let step = Self.niceStep((high - low) / 5)
            high = (high / step).rounded(.up) * step
            self.ticks = given ?? stride(from: low, through: high + step / 2, by: step).map { ($0, format($0)) }
        }
        if let given, !given.isEmpty {
            // Fixed ticks (payload sizes, percentiles) span the axis, with a margin on a log scale.
            let (first, last) = (given.map(\.0).min()!, given.map(\.0).max()!)
            if logarithmic { (low, high) = (first / 1.6, last * 1.6) } else { (low, high) = (min(low, first), max(high, last)) }
        }
        self.low = low
        self.high = high
    }

    static func power(below value: Double) -> Double {
        guard value > 0, value.isFinite else { return 1 }
        var p = 1.0
        while p > value { p /= 10 }
        while p * 10 <= value { p *= 10 }
        return p
    }

    static func power(above value: Double) -> Double {
        guard value > 0, value.isFinite else { return 1 }
        var p = 1.0
        while p < value { p *= 10 }
        while p / 10 >= value { p /= 10 }
        return p
    }

    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0 else { return 1 }
        let p = power(below: raw)
        for m in [1.0, 2, 2.5, 5, 10] where p * m >= raw { return p * m }
        return p * 10
    }

    /// Where `value` falls between 0 (low) and 1 (high).
    func fraction(_ value: Double) -> Double {
        if logarithmic {
            let v = max(value, low)
            return (log10(v) - log10(low)) / max(log10(high) - log10(low), 1e-12)
        }
        return (value - low) / max(high - low, 1e-12)
    }
}

/// Formats numbers compactly for axes: 1.2k, 15M, 0.5.
func compactNumber(_ value: Double) -> String {
    func trim(_ v: Double) -> String {
        var t = Format.fixed(v, 2)
        while t.hasSuffix("0") { t.removeLast() }
        if t.hasSuffix(".") { t.removeLast() }
        return t
    }
    let a = abs(value)
    if a >= 1e9 { return trim(value / 1e9) + "G" }
    if a >= 1e6 { return trim(value / 1e6) + "M" }
    if a >= 1e3 { return trim(value / 1e3) + "k" }
    return trim(value)
}

/// Shared drawing: the frame, ticks, titles and legend of a chart as SVG text.
struct ChartFrame {
    var width = 720.0
    var height = 340.0
    let left = 70.0, right = 20.0, top = 36.0
    var legendRows: Int
    /// Room under the axis for slanted category names.
    var extraBottom = 0.0
    var bottom: Double { 48 + extraBottom + Double(legendRows) * 18 }
    var plotWidth: Double { width - left - right }
    var plotHeight: Double { height - top - bottom }

    func x(_ fraction: Double) -> Double { left + fraction * plotWidth }
    func y(_ fraction: Double) -> Double { top + (1 - fraction) * plotHeight }

    func open(title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" height=\"\(n(height))\" role=\"img\" aria-label=\"\(HTMLText.escaped(title))\">"
            + "<text x=\"\(n(left))\" y=\"20\" class=\"chart-title\">\(HTMLText.escaped(title))</text>"
    }

    func yAxis(_ axis: ChartAxis, label: String) -> String {
        var s = "<text x=\"14\" y=\"\(n(top + plotHeight / 2))\" class=\"axis-label\" transform=\"rotate(-90 14 \(n(top + plotHeight / 2)))\" text-anchor=\"middle\">\(HTMLText.escaped(label))</text>"
        for tick in axis.ticks {
            let py = y(axis.fraction(tick.value))
            s += "<line x1=\"\(n(left))\" x2=\"\(n(left + plotWidth))\" y1=\"\(n(py))\" y2=\"\(n(py))\" class=\"grid\"/>"
            s += "<text x=\"\(n(left - 6))\" y=\"\(n(py + 4))\" text-anchor=\"end\" class=\"tick\">\(HTMLText.escaped(tick.label))</text>"
        }
        return s + "<line x1=\"\(n(left))\" x2=\"\(n(left))\" y1=\"\(n(top))\" y2=\"\(n(top + plotHeight))\" class=\"axis\"/>"
    }

    func xAxisLine(label: String) -> String {
        "<line x1=\"\(n(left))\" x2=\"\(n(left + plotWidth))\" y1=\"\(n(top + plotHeight))\" y2=\"\(n(top + plotHeight))\" class=\"axis\"/>"
            + "<text x=\"\(n(left + plotWidth / 2))\" y=\"\(n(top + plotHeight + 34))\" text-anchor=\"middle\" class=\"axis-label\">\(HTMLText.escaped(label))</text>"
    }

    /// Legend entries per row: as many as fit the longest label (at most 3).
    static func perRow(_ series: [ChartSeries], width: Double) -> Int {
        let longest = Double(series.map(\.label.count).max() ?? 0)
        return max(1, min(3, Int((width - 90) / (longest * 6.2 + 34))))
    }

    static func legendRows(_ series: [ChartSeries], width: Double) -> Int {
        let per = perRow(series, width: width)
        return (series.count + per - 1) / per
    }

    func legend(_ series: [ChartSeries]) -> String {
        var s = ""
        let perRow = Self.perRow(series, width: width)
        for (i, item) in series.enumerated() {
            let lx = left + Double(i % perRow) * (plotWidth / Double(perRow))
            let ly = top + plotHeight + 52 + extraBottom + Double(i / perRow) * 18
            s += "<line x1=\"\(n(lx))\" x2=\"\(n(lx + 18))\" y1=\"\(n(ly - 4))\" y2=\"\(n(ly - 4))\" stroke=\"\(item.color)\" stroke-width=\"3\"\(item.dashed ? " stroke-dasharray=\"5 3\"" : "")/>"
            s += "<text x=\"\(n(lx + 24))\" y=\"\(n(ly))\" class=\"legend\">\(HTMLText.escaped(item.label))</text>"
        }
        return s
    }
}

/// A number for SVG attributes (one decimal).
func n(_ value: Double) -> String { Format.fixed(value, 1) }

/// A line chart as inline SVG (no script): points joined per series, hover titles on the points.
public struct LineChart: Sendable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var xLogarithmic = false
    public var yLogarithmic = false
    /// Fixed x ticks (value, label); nil = round numbers.
    public var xTicks: [(Double, String)]? = nil
    public var series: [ChartSeries]
    public var width = 720.0
    /// Height without the legend.
    public var height = 320.0
    /// Formats a point's x for its hover title.
    public var xName: @Sendable (Double) -> String = { compactNumber($0) }
    public var yName: @Sendable (Double) -> String = { compactNumber($0) }

    public init(title: String, xLabel: String, yLabel: String, series: [ChartSeries]) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
    }

    public var svg: String {
        var frame = ChartFrame(legendRows: ChartFrame.legendRows(series, width: width))
        frame.width = width
        frame.height = height + Double(frame.legendRows) * 18
        let xs = series.flatMap { $0.points.map(\.x) }
        let ys = series.flatMap { $0.points.map(\.y) }
        let xAxis = ChartAxis(values: xs, logarithmic: xLogarithmic, ticks: xTicks, format: compactNumber)
        let yAxis = ChartAxis(values: ys, logarithmic: yLogarithmic, format: compactNumber)
        var s = frame.open(title: title) + frame.yAxis(yAxis, label: yLabel) + frame.xAxisLine(label: xLabel)
        for tick in xAxis.ticks {
            let px = frame.x(xAxis.fraction(tick.value))
            s += "<line x1=\"\(n(px))\" x2=\"\(n(px))\" y1=\"\(n(frame.top))\" y2=\"\(n(frame.top + frame.plotHeight))\" class=\"grid\"/>"
            s += "<text x=\"\(n(px))\" y=\"\(n(frame.top + frame.plotHeight + 16))\" text-anchor=\"middle\" class=\"tick\">\(HTMLText.escaped(tick.label))</text>"
        }
        if series.allSatisfy({ $0.points.isEmpty }) {
            s += "<text x=\"\(n(frame.x(0.5)))\" y=\"\(n(frame.y(0.5)))\" text-anchor=\"middle\" class=\"empty\">no data</text>"
        }
        for item in series where !item.points.isEmpty {
            let path = item.points.map { "\(n(frame.x(xAxis.fraction($0.x)))),\(n(frame.y(yAxis.fraction($0.y))))" }.joined(separator: " ")
            s += "<polyline fill=\"none\" stroke=\"\(item.color)\" stroke-width=\"2\"\(item.dashed ? " stroke-dasharray=\"6 4\"" : "") points=\"\(path)\"/>"
            for point in item.points {
                s += "<circle cx=\"\(n(frame.x(xAxis.fraction(point.x))))\" cy=\"\(n(frame.y(yAxis.fraction(point.y))))\" r=\"3\" fill=\"\(item.color)\">"
                s += "<title>\(HTMLText.escaped(item.label)): \(HTMLText.escaped(xName(point.x))) → \(HTMLText.escaped(yName(point.y)))</title></circle>"
            }
        }
        return s + frame.legend(series) + "</svg>"
    }
}

/// A grouped bar chart as inline SVG: one group per category, one bar per series.
public struct BarChart: Sendable {
    public var title: String
    public var yLabel: String
    public var categories: [String]
    /// One series per bar colour; `points[i].y` is the value for `categories[Int(points[i].x)]`.
    public var series: [ChartSeries]
    public var yName: @Sendable (Double) -> String = { compactNumber($0) }

    public init(title: String, yLabel: String, categories: [String], series: [ChartSeries]) {
        self.title = title
        self.yLabel = yLabel
        self.categories = categories
        self.series = series
    }

    public var svg: String {
        var frame = ChartFrame(legendRows: ChartFrame.legendRows(series, width: 720))
        frame.height += 90 + Double(frame.legendRows) * 18
        frame.extraBottom = 90  // room for slanted category names
        let yAxis = ChartAxis(values: series.flatMap { $0.points.map(\.y) } + [0], logarithmic: false, format: compactNumber)
        var s = frame.open(title: title) + frame.yAxis(yAxis, label: yLabel)
        s += "<line x1=\"\(n(frame.left))\" x2=\"\(n(frame.left + frame.plotWidth))\" y1=\"\(n(frame.top + frame.plotHeight))\" y2=\"\(n(frame.top + frame.plotHeight))\" class=\"axis\"/>"
        let groupWidth = frame.plotWidth / Double(max(categories.count, 1))
        let barWidth = groupWidth * 0.8 / Double(max(series.count, 1))
        for (c, category) in categories.enumerated() {
            let gx = frame.left + Double(c) * groupWidth
            let label = category.count > 34 ? String(category.prefix(33)) + "…" : category
            let ly = frame.top + frame.plotHeight + 12
            s += "<text x=\"\(n(gx + groupWidth / 2))\" y=\"\(n(ly))\" class=\"tick\" text-anchor=\"end\" transform=\"rotate(-25 \(n(gx + groupWidth / 2)) \(n(ly)))\">\(HTMLText.escaped(label))<title>\(HTMLText.escaped(category))</title></text>"
            for (b, item) in series.enumerated() {
                guard let point = item.points.first(where: { Int($0.x) == c }) else { continue }
                let top = frame.y(yAxis.fraction(point.y))
                let bx = gx + groupWidth * 0.1 + Double(b) * barWidth
                s += "<rect x=\"\(n(bx))\" y=\"\(n(top))\" width=\"\(n(max(barWidth - 1, 1)))\" height=\"\(n(max(frame.top + frame.plotHeight - top, 0)))\" fill=\"\(item.color)\">"
                s += "<title>\(HTMLText.escaped(item.label)) · \(HTMLText.escaped(category)): \(HTMLText.escaped(yName(point.y)))</title></rect>"
            }
        }
        return s + frame.legend(series) + "</svg>"
    }
}
