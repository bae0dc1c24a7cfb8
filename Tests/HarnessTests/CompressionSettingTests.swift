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
    }

    @Test func rejectsUnknownSettings() {
        for name in ["", "w7", "w16", "wx", "off-nct", "gzip", "w12-nct-nct"] {
            #expect(CompressionSetting(name) == nil, "\(name)")
        }
    }
}
