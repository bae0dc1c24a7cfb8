import HTTP2
import Testing

@Suite("ExtendedConnectProtocol")
struct ExtendedConnectProtocolTests {
    @Test("the setting identifier is RFC 8441's 0x8")
    func settingIdentifier() {
        #expect(ExtendedConnectProtocol.enableConnectProtocolSetting == 8)
    }
}
