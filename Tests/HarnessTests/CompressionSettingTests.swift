import Harness
import Testing

@Suite struct CompressionSettingTests {
    @Test func parsesNamedSettings() throws {
        #expect(CompressionSetting("off")?.offer == nil)
        let on = try #require(CompressionSetting("on")?.offer)
        #expect(on.serverMaxWindowBits == nil && !on.disableClientContextTakeover)
        let w9 = try #require(CompressionSetting("w9")?.offer)
        #expect(w9.serverMaxWindowBits == 9 && w9.clientMaxWindowBits == .limit(9))
        let nct = try #require(CompressionSetting("w12-nct")?.offer)
        #expect(nct.serverMaxWindowBits == 12 && nct.requestServerNoContextTakeover && nct.disableClientContextTakeover)
        #expect(CompressionSetting("on-nct")?.offer?.disableClientContextTakeover == true)
        #expect(on.implementation == nil)
        #expect(CompressionSetting("on-isal")?.offer?.implementation?.rawValue == "isal")
        let nctZlib = try #require(CompressionSetting("w12-nct-zlib")?.offer)
        #expect(nctZlib.implementation?.rawValue == "zlib" && nctZlib.serverMaxWindowBits == 12 && nctZlib.disableClientContextTakeover)
        #expect(CompressionSetting("on-nct-libdeflate")?.offer?.implementation?.rawValue == "libdeflate")
    }

    @Test func rejectsUnknownSettings() {
        for name in ["", "w7", "w16", "wx", "off-nct", "gzip", "w12-nct-nct", "off-isal", "on-isal-nct", "on-brotli"] {
            #expect(CompressionSetting(name) == nil, "\(name)")
        }
    }
}
