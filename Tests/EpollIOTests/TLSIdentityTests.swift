import BenchSupport
import EpollIO
import Glibc
import Testing

/// Server identities (self-signed, or PEM files made by the `openssl` command), their fingerprints,
/// and ALPN lists.
@Suite struct TLSIdentityTests {
    @Test func aSelfSignedIdentityHasAFingerprintAndAPEMCertificate() throws {
        let identity = try TLSIdentity.selfSigned()
        #expect(identity.fingerprint.bytes.count == 32)
        let text = identity.fingerprint.description
        #expect(text.count == 95 && text.split(separator: ":").count == 32)
        #expect(TLSFingerprint(hex: text) == identity.fingerprint)
        #expect(TLSFingerprint(hex: String(text.lowercased().filter { $0 != ":" })) == identity.fingerprint)
        #expect(TLSFingerprint(hex: "AB:CD") == nil)
        #expect(identity.certificatePEM.hasPrefix("-----BEGIN CERTIFICATE-----"))
        // Every identity is new.
        #expect(try TLSIdentity.selfSigned().fingerprint != identity.fingerprint)
    }

    @Test func pemFilesLoadAndKeepTheirFingerprint() throws {
        let directory = try TemporaryPEMFiles()
        defer { directory.remove() }
        try directory.make("a")
        try directory.make("b")
        let identity = try TLSIdentity.load(certificateFile: directory.certificate("a"), keyFile: directory.key("a"))
        let printed = ShellCommand.firstLine(of: "/usr/bin/openssl x509 -noout -fingerprint -sha256 -in \(directory.certificate("a"))")
        #expect(printed.flatMap { $0.split(separator: "=").last }.flatMap { TLSFingerprint(hex: String($0)) } == identity.fingerprint)
        _ = try TLSContext.server(identity: identity)

        #expect(throws: TLSError.self) { try TLSIdentity.load(certificateFile: directory.certificate("a"), keyFile: directory.key("b")) }
        #expect(throws: TLSError.self) { try TLSIdentity.load(certificateFile: directory.path + "/missing.pem", keyFile: directory.key("a")) }
        #expect(throws: TLSError.self) { try TLSIdentity.load(certificateFile: directory.key("a"), keyFile: directory.key("a")) }
    }

    @Test func alpnListsAreLengthPrefixed() throws {
        #expect(try TLSApplicationProtocols.wireFormat(["h2", "http/1.1"]) == [2] + Array("h2".utf8) + [8] + Array("http/1.1".utf8))
        #expect(throws: TLSError.self) { try TLSApplicationProtocols.wireFormat([]) }
        #expect(throws: TLSError.self) { try TLSApplicationProtocols.wireFormat([""]) }
        #expect(throws: TLSError.self) { try TLSApplicationProtocols.wireFormat([String(repeating: "x", count: 256)]) }
    }
}
