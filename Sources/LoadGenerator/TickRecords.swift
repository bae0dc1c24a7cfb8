import BenchSupport

/// Market-data records, imitating a crypto exchange's public market-data stream (Binance-style
/// combined-stream `trade`, `aggTrade` and `bookTicker` events, each wrapped with its stream name): symbols from a list with Zipf-like activity,
/// prices that follow a random walk per symbol on its tick size, quantities on its lot size, both
/// as fixed 8-decimal strings, per-symbol trade ids that count up, millisecond event and trade
/// times (events bunch within a millisecond), and the maker flag.
///
/// `{"stream":"btcusdt@trade","data":{"e":"trade","E":1764589234136,"s":"BTCUSDT","t":3012345678,"p":"97234.51000000","q":"0.00120000","T":1764589234135,"m":true,"M":true}},`
/// `{"stream":"ethusdt@bookTicker","data":{"u":400900217,"s":"ETHUSDT","b":"3541.27000000","B":"12.40100000","a":"3541.28000000","A":"3.07000000"}},`
struct TickRecords: ContentRecords {
    /// Symbol, starting price and tick size in 1e-8 units, lot size in 1e-8 units.
    static let markets: [(symbol: String, price: Int, tick: Int, lot: Int)] = [
        ("BTCUSDT", 9_723_451_000_000, 1_000_000, 1_000), ("ETHUSDT", 354_127_000_000, 1_000_000, 10_000),
        ("SOLUSDT", 23_812_000_000, 1_000_000, 100_000), ("BNBUSDT", 61_230_000_000, 1_000_000, 100_000),
        ("XRPUSDT", 231_450_000, 10_000, 10_000_000), ("DOGEUSDT", 39_812_000, 1_000, 100_000_000),
        ("ADAUSDT", 104_330_000, 10_000, 10_000_000), ("AVAXUSDT", 4_211_000_000, 1_000_000, 1_000_000),
        ("LINKUSDT", 2_234_000_000, 100_000, 1_000_000), ("DOTUSDT", 912_300_000, 100_000, 1_000_000),
        ("TRXUSDT", 20_341_000, 1_000, 100_000_000), ("MATICUSDT", 61_220_000, 10_000, 10_000_000),
        ("LTCUSDT", 12_842_000_000, 1_000_000, 100_000), ("BCHUSDT", 52_310_000_000, 1_000_000, 100_000),
        ("SHIBUSDT", 2_451, 1, 100_000_000_000), ("PEPEUSDT", 1_942, 1, 100_000_000_000),
        ("ETHBTC", 3_641_000, 1_000, 1_000_000), ("SUIUSDT", 412_300_000, 10_000, 10_000_000),
        ("ARBUSDT", 81_230_000, 10_000, 10_000_000), ("OPUSDT", 231_400_000, 100_000, 1_000_000),
        ("NEARUSDT", 612_300_000, 100_000, 1_000_000), ("APTUSDT", 1_123_000_000, 100_000, 1_000_000),
        ("FILUSDT", 612_000_000, 100_000, 1_000_000), ("ATOMUSDT", 812_000_000, 100_000, 1_000_000),
    ]

    private var random: SplitMix64
    private let activity: ZipfSampler
    private var prices: [Int]
    private var tradeIds: [Int]
    private var updateId: Int
    private var milliseconds: Int

    init(seed: UInt64) {
        random = SplitMix64(seed: seed ^ 0x7469_636B)
        activity = ZipfSampler(count: Self.markets.count, exponent: 1.8)
        prices = Self.markets.map(\.price)
        tradeIds = Self.markets.map { _ in 0 }
        for i in prices.indices {
            tradeIds[i] = Int.random(in: 100_000_000...4_000_000_000, using: &random)
        }
        updateId = Int.random(in: 10_000_000_000...90_000_000_000, using: &random)
        milliseconds = 1_764_589_200_000 + Int.random(in: 0..<3_600_000, using: &random)
    }

    mutating func append(to text: inout [UInt8]) {
        let s = activity.next(&random)
        let market = Self.markets[s]
        // Most events leave the price or move it by a tick; now and then further.
        let roll = Int.random(in: 0..<20, using: &random)
        let steps = roll < 12 ? 0 : roll < 19 ? Int.random(in: -1...1, using: &random) : Int.random(in: -10...10, using: &random)
        prices[s] = max(market.tick, prices[s] + steps * market.tick)
        milliseconds += Int.random(in: 0..<3, using: &random) == 0 ? Int.random(in: 1...9, using: &random) : 0
        updateId += Int.random(in: 1...30, using: &random)
        let price = ContentText.decimal(prices[s], places: 8)
        let quantity = ContentText.decimal(market.lot * lots(), places: 8)
        let record: String
        switch Int.random(in: 0..<4, using: &random) {
        case 0, 1:
            tradeIds[s] += 1
            let maker = Bool.random(using: &random)
            record =
                #"{"stream":"\#(market.symbol.lowercased())@trade","data":{"e":"trade","E":\#(milliseconds),"s":"\#(market.symbol)","t":\#(tradeIds[s]),"p":"\#(price)","q":"\#(quantity)","#
                + #""T":\#(milliseconds - Int.random(in: 0...1, using: &random)),"m":\#(maker),"M":true}},"#
        case 2:
            let first = tradeIds[s] + 1
            tradeIds[s] += Int.random(in: 1...4, using: &random)
            record =
                #"{"stream":"\#(market.symbol.lowercased())@aggTrade","data":{"e":"aggTrade","E":\#(milliseconds),"s":"\#(market.symbol)","a":\#(updateId / 7),"p":"\#(price)","q":"\#(quantity)","#
                + #""f":\#(first),"l":\#(tradeIds[s]),"T":\#(milliseconds - Int.random(in: 0...1, using: &random)),"m":\#(Bool.random(using: &random)),"M":true}},"#
        default:
            let ask = ContentText.decimal(prices[s] + market.tick * Int.random(in: 1...2, using: &random), places: 8)
            record =
                #"{"stream":"\#(market.symbol.lowercased())@bookTicker","data":{"u":\#(updateId),"s":"\#(market.symbol)","b":"\#(price)","B":"\#(ContentText.decimal(market.lot * lots(), places: 8))","#
                + #""a":"\#(ask)","A":"\#(ContentText.decimal(market.lot * lots(), places: 8))"}},"#
        }
        text += record.utf8
    }

    /// A quantity in lots: mostly small and round, sometimes large or odd.
    private mutating func lots() -> Int {
        switch Int.random(in: 0..<10, using: &random) {
        case 0..<6: return [1, 2, 5, 10, 20, 50, 100][Int.random(in: 0..<7, using: &random)]
        case 6..<9: return Int.random(in: 1...300, using: &random)
        default: return Int.random(in: 1...50_000, using: &random)
        }
    }
}
