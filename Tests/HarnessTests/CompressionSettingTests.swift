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
        #expect(CompressionSetting("on")?.serverLibrary == nil && CompressionSetting("off")?.serverLibrary == nil)
    }

    @Test("a library suffix picks the built-in server's library; the offer leaves the load's to the sweep")
    func librarySuffixIsTheServers() throws {
        let isal = try #require(CompressionSetting("on-isal"))
        #expect(isal.serverLibrary?.rawValue == "isal" && isal.name == "on-isal")
        #expect(isal.offer != nil && isal.offer?.implementation == nil)
        let nctZlib = try #require(CompressionSetting("w12-nct-zlib"))
        #expect(nctZlib.serverLibrary?.rawValue == "zlib")
        let offer = try #require(nctZlib.offer)
        #expect(offer.implementation == nil && offer.serverMaxWindowBits == 12 && offer.disableClientContextTakeover)
        #expect(CompressionSetting("on-nct-libdeflate")?.serverLibrary?.rawValue == "libdeflate")
    }

    @Test func rejectsUnknownSettings() {
        for name in ["", "w7", "w16", "wx", "off-nct", "gzip", "w12-nct-nct", "off-isal", "on-isal-nct", "on-brotli"] {
            #expect(CompressionSetting(name) == nil, "\(name)")
        }
    }
}
