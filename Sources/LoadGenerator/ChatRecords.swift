import BenchSupport

/// Chat records, imitating a chat or messaging gateway (Slack/Discord-style message events):
/// users and rooms with Zipf-like activity, short sentences from a word list with Zipf-like word
/// frequencies (a few emoji and accented words, so text is not all ASCII), message ids,
/// millisecond timestamps, optional replies and reaction counts.
///
/// `{"type":"message","id":"m_01j9x…","room":"general","user":"maria.k","ts":1764589234567,"text":"ok i think the build is done 👍","reactions":2},`
struct ChatRecords: ContentRecords {
    /// Words, most frequent first (sampled with Zipf-like frequencies).
    static let words: [String] = """
        the i to you a and it is that of in we for on this be just so have not but what can do with are \
        it's was ok yes no at my if me will all get be there about like know think lol now up out one your \
        time good they can't don't i'm going how when was today would should then more here back see need \
        thanks work also tomorrow really right sure well still build meeting yeah maybe let's people call \
        new try check make look want got said deploy release code review fix bug test prod staging issue \
        ticket sprint please sorry great nice cool awesome haha 👍 🙂 😂 🎉 morning night lunch coffee café \
        weekend monday friday later soon after before again already because since week month last first \
        next same other some any every much many few little long short big small old team channel thread \
        link doc docs slides design api server client database cache query latency error logs metrics \
        alert pager oncall incident rollback merge branch main pipeline ci flaky green red done blocked \
        waiting ping sync standup demo launch customer user account login password email update version \
        naïve über déjà vu ça va bien gracias danke merci ciao
        """.split(separator: " ").map(String.init)
    static let firstNames = [
        "maria", "john", "wei", "aisha", "carlos", "yuki", "olga", "ahmed", "lena", "raj", "sofia", "tom", "nina",
        "omar", "emma", "li", "pedro", "fatima", "jan", "chloe", "ivan", "priya", "lucas", "hana", "sam", "zoe",
        "ben", "mia", "noah", "ava", "leo", "ines", "kofi", "sara", "dan", "eva", "max", "ana", "ali", "kim",
    ]
    static let rooms = [
        "general", "random", "engineering", "dev-backend", "dev-frontend", "ops", "incidents", "design",
        "product", "sales", "support", "announcements", "watercooler", "release-train", "team-payments",
        "team-search", "data", "security", "hiring", "music",
    ]
    static let endings = [".", ".", "", "", "?", "!", "!!", "...", " :)", " 🙂"]

    private var random: SplitMix64
    private let wordRanks: ZipfSampler
    private let userRanks: ZipfSampler
    private let roomRanks: ZipfSampler
    private var milliseconds: UInt64
    private var counter: UInt64

    init(seed: UInt64) {
        random = SplitMix64(seed: seed ^ 0x6368_6174)
        wordRanks = ZipfSampler(count: Self.words.count)
        userRanks = ZipfSampler(count: Self.firstNames.count * 10, exponent: 0.9)
        roomRanks = ZipfSampler(count: Self.rooms.count, exponent: 1.2)
        milliseconds = 1_764_589_200_000 &+ UInt64.random(in: 0..<3_600_000, using: &random)
        counter = random.next() >> 24
    }

    mutating func append(to text: inout [UInt8]) {
        let userRank = userRanks.next(&random)
        let user =
            Self.firstNames[userRank % Self.firstNames.count]
            + [".k", "_w", "99", ".dev", "", "_", "42", ".m", "x", "_07"][userRank / Self.firstNames.count]
        var sentence = ""
        for i in 0..<Int.random(in: 2...18, using: &random) {
            if i > 0 { sentence += Int.random(in: 0..<14, using: &random) == 0 ? ", " : " " }
            sentence += Self.words[wordRanks.next(&random)]
        }
        sentence += Self.endings[Int.random(in: 0..<Self.endings.count, using: &random)]
        milliseconds &+= UInt64.random(in: 20...4_000, using: &random)
        counter &+= UInt64.random(in: 1...9, using: &random)
        var record =
            #"{"type":"message","id":"m_\#(ContentText.hex(counter, digits: 12))","room":"\#(Self.rooms[roomRanks.next(&random)])","#
            + #""user":"\#(user)","ts":\#(milliseconds),"text":"\#(sentence)""#
        if Int.random(in: 0..<5, using: &random) == 0 {
            record += #","reply_to":"m_\#(ContentText.hex(counter &- UInt64.random(in: 1...400, using: &random), digits: 12))""#
        }
        if Int.random(in: 0..<3, using: &random) == 0 { record += #","reactions":\#(Int.random(in: 1...12, using: &random))"# }
        record += "},"
        text += record.utf8
    }
}
