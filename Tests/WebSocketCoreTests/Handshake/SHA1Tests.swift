import Testing
@testable import WebSocketCore

@Suite struct SHA1Tests {
    @Test func fips180Abc() {
        #expect(SHA1.hash(Array("abc".utf8)).hexString == "a9993e364706816aba3e25717850c26c9cd0d89d")
    }

    @Test func fips180TwoBlockMessage() {
        let message = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(SHA1.hash(message).hexString == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
    }

    @Test func emptyMessage() {
        #expect(SHA1.hash([]).hexString == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(SHA1.hash(UnsafeRawBufferPointer(start: nil, count: 0)).hexString == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
    }

    @Test func oneMillionA() {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(SHA1.hash(message).hexString == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    /// Lengths 0…130 cover the 55/56-byte (one vs two padding blocks) and 64-byte boundaries twice.
    @Test func lengthsAroundPaddingBoundaries() {
        for n in 0...130 {
            let message = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
            #expect(SHA1.hash(message).hexString == Self.patternDigests[n], "length \(n)")
        }
    }

    @Test func unalignedInput() {
        let storage = [UInt8](repeating: 0, count: 1) + Array("abc".utf8)
        let digest = storage.withUnsafeBytes { SHA1.hash(UnsafeRawBufferPointer(rebasing: $0[1...])) }
        #expect(digest.hexString == "a9993e364706816aba3e25717850c26c9cd0d89d")
    }

    @Test func digestBytesAreInOrder() {
        let digest = SHA1.hash(Array("abc".utf8))
        #expect(digest.bytes.count == SHA1Digest.byteCount)
        #expect(digest.bytes.prefix(4) == [0xa9, 0x99, 0x3e, 0x36])
        #expect(digest == SHA1.hash(Array("abc".utf8)))
        #expect(digest != SHA1.hash(Array("abd".utf8)))
    }

    /// `hashlib.sha1(bytes((j*7+3) & 0xFF for j in range(n))).hexdigest()` for n = 0…130.
    static let patternDigests: [String] = [
        "da39a3ee5e6b4b0d3255bfef95601890afd80709",  // 0
        "9842926af7ca0a8cca12604f945414f07b01e13d",  // 1
        "1f5ae6b976eaa448d6756c593ceb816ac8799ef1",  // 2
        "4201de9f98cb0a9b8cf52398be7802b55d45266a",  // 3
        "a9ca94e2a9be52cdcef145facf2bad04e553cb0b",  // 4
        "941f194daa0adbdf8582dbf3691a6288329d2be6",  // 5
        "984329883856c39f7dd78b88bcfb49eefc9be989",  // 6
        "8f61e051db8f5bfa67d8eff0c40cf868f68e70bb",  // 7
        "cef03cc4db41ecf2c7956e8b06dc6b0b8015f260",  // 8
        "6cad7098fc6c42a32b5fe6536f157ff570772cd0",  // 9
        "a00e488320a5f5536afc79a976ec22cf7aebbd97",  // 10
        "0a3a1e6ce197c09607b8ddc9637dcaa223459182",  // 11
        "74c2e2bfd179cc0901f88ca7b8bed52ebcd7d849",  // 12
        "5b656bff036821f5174daba9580c139a6d74da15",  // 13
        "0b32b3246891c1ce11d68e4b5e803490a7cd1b63",  // 14
        "b02b80eaa1a78b076120457b296be0d347eeb194",  // 15
        "3bbec6217ac9bf7c9c4642b1bdeb3ae68d99f787",  // 16
        "2dbde31cfe98dd4a93eb056f157f8cabb01db443",  // 17
        "5cd1599bbf20aa54712f37bd18ae4b464c59d299",  // 18
        "90226ee11311d80cfae27605808403960856e50d",  // 19
        "57ab1094cc2a57d9f64818d2eb92750aab1bf177",  // 20
        "565cce1992fa0e88bf04e798764a6d2d26ea1dc3",  // 21
        "b7f16efc74e3224c94bc344c6bafabb7e11d977a",  // 22
        "fa9329dda1c904fb2c9ef99cdd87561526d80913",  // 23
        "1aae7a798319ed16a198e92401e7eed36cd1a51b",  // 24
        "9ade5333be4a9674e7ac5b12ddac8240f7783da2",  // 25
        "6d3ce948a92cfb30d8c9da8af8a088154549e0ea",  // 26
        "78440d05a24e2b53d2ee8a66c6d9507fc42cc431",  // 27
        "c9a77289303864dc3e15adf071745fef286a70b2",  // 28
        "96fb3a3053d47fd59e775fd21c27c3835f164188",  // 29
        "a97984db177660175eea1dbe18dbc376808b5ee3",  // 30
        "d21a51503aa50e23029493030a1d0704a84cb2ea",  // 31
        "64b5168088b6692cfd749ab0b699a8b5b225189b",  // 32
        "66f198bd988723981464f3e589667631c29d174d",  // 33
        "d828aab123a8df09bb66c6ff5d46e444e52225d8",  // 34
        "20d1062373e60ddb02daf0a2bb9dc4893a5a3482",  // 35
        "e84e44766b5f4cb28f9005a9bcc61f0414f7723f",  // 36
        "66787c668baba43a4574ca4db54cbb65f78fd9d5",  // 37
        "b82977dee0782cb1c424be3ca1b6fefa60ac600c",  // 38
        "9ac81eef4e53dfd5df78dc615f4685c18957b291",  // 39
        "211f8d2930f827e5c7a66cd81d79c1d2df12ea6b",  // 40
        "07db78a9a0bf346e34553dedd45854cb36df8185",  // 41
        "bc152a0c16257c31d861e4de5788878b02e18850",  // 42
        "42ffa53d886bdf8abb72fe633ec6bb176fca1047",  // 43
        "90963fb5f385b944c30a85cedc11f0c775314a29",  // 44
        "7e5ad6079ab50b53bd400c0bed369f5cca092881",  // 45
        "d23cd18dc6bb13fc18b37318035169d7daf3ecda",  // 46
        "5e3cf47f3d208b1dceb06f8a37e58236e5ad2fc0",  // 47
        "9aa97c403db44000cf9601a20a6e0d4fe4e94a01",  // 48
        "f873554e96c4fd00c3b3446c74005afe81d85b22",  // 49
        "996be45cd0e8a24b6eb052c5b174bad6c2151f03",  // 50
        "3e0ea15235a8dd08343c0ecbb2f7a3974f521857",  // 51
        "937beca28580f3ff31d4ef88653801349179ac7a",  // 52
        "f163c6b4b97324d118ed451c94625aef0d0a6fb6",  // 53
        "0617d0e2db51b03d5d09c217b3fe0643ed6d152f",  // 54
        "ddf57317ef34bfee3b6df83d359098930eb278bc",  // 55
        "a0d492bb0fc889d0eca3bc137066ab6f4f74f369",  // 56
        "11a02dcf95859677a62e75024067c22b165d890f",  // 57
        "3d6024b3f7b1c01a5c62497022ea6e33b89d2cf3",  // 58
        "5850f256241b06d25bc20b9dc85d7944ce96fa1a",  // 59
        "4a72dc48088734d6ee17cccbb158de29744e9733",  // 60
        "92b2db0c849997e88b21b8a509eecaa46f00c6b8",  // 61
        "363c4d8b28918eacfb4b945bafd31cb62997a5cd",  // 62
        "c55856749bef509bdfe6bfebfc7bf4e793e82132",  // 63
        "bede92be29c3874e1b54ddc77988d606fc857a8e",  // 64
        "b05a80522b053d6dc7e0a517d0e70212c7dad11f",  // 65
        "13e53bec6f6ee5a157a4f62ad14f702bf9f6d167",  // 66
        "8d39d341da28ed21be3ca08ec2cfb6c4a4be99ed",  // 67
        "3efec55489106fcde5552290bb4bc2bcda30f9ba",  // 68
        "831e22c83fef344e627b1d20181d77d0984fafea",  // 69
        "3e7e19ea8f559bd1f5c97e46f0ae082c4bcd6244",  // 70
        "b4d320ff238a99c0963778c340387bc1c61f5cd7",  // 71
        "191cf09722d8a449820c9c66b122b8434a68dcea",  // 72
        "c2234319c0056fe3d74053e1ce14faf00dee5df4",  // 73
        "2e96fc5182863f989f79ed28c46558295030d50d",  // 74
        "0afbbbe6e731ab70338bf972766211eacffd0e79",  // 75
        "4486860ad2702b492f17e07e43d99474964a6348",  // 76
        "7ad89da645724916b0e70f8db3fb48382d970867",  // 77
        "2a013aba1ee3deceddcdc2ed426f3bc26be4f94b",  // 78
        "6a6dfd5130d56d92374a53d0c03356da772a10aa",  // 79
        "de25ce79b8cf13016c12d081f399f9b427af4cbb",  // 80
        "c73933e543f4daeceb08b990f257a61e6139f039",  // 81
        "a0e9c80c67a1cc955341e50b6006b0690eaa8807",  // 82
        "22d464b043d3c8eb9025cb7497e4eacfe0aadb96",  // 83
        "1f2c174a3687d3b1118a138779f254273fc78f6c",  // 84
        "bd7be1e0cdb0a911bae7eef171d31bafb47435e8",  // 85
        "56e1fe537ae2c59e52eeee83b5efa9185b15dc5c",  // 86
        "2e114dfa3f54bf19f2d132aa8ec7521ef722bd35",  // 87
        "b0c561b691887c08a09879869f578afc6248b36a",  // 88
        "2b5f3e1bfd79e003926a6d743cb85c7543fed63c",  // 89
        "08e751b39f177186ac60873de02326e05b785eb6",  // 90
        "94afe1d3144f0288e2f3e86a2c831d6e5b1fd365",  // 91
        "2fefc0ee2f4f40f5946efe1ddcdeefd137c1c36d",  // 92
        "9410400eed4b3c11fc722cdd6211d33b4043e6cb",  // 93
        "cd7e7ea8dce332643b93d8899454c5e2ee5434da",  // 94
        "9e7bd6ac0eb591be8919e506dbf0725cb84a432e",  // 95
        "dec7fa16b8b6ec5a3515e4a746d0d66c2bdb44e1",  // 96
        "3a4f06a74c1e38308a0a8af4ecd22ccfc6d12948",  // 97
        "5c546fb0ff4593361b19b8f5eb2a9d36cf790911",  // 98
        "cf19877413ac8cb6c116536f3b8ea85523e6303e",  // 99
        "be7fd41586f415665d261af19613a4ba6f4346bb",  // 100
        "2ae428c5f5dfaff2dd18ce373895c4b0f63e71a4",  // 101
        "8b258ff38e0bec341461fe7a389c58e94a6902ff",  // 102
        "6c31104718ea0d8a5dddb0999465f4af5b5bbf91",  // 103
        "dfaa234fa35d3d5fc1b197a297e1cc85c4a7a474",  // 104
        "8f9a47272286be5b250b61a5b15f90b85caf6ac3",  // 105
        "bfd965ad51f29ca661470907f62394cd17b0c4e9",  // 106
        "7f5936f7be3cf34d607cfce675b831d27af2aa68",  // 107
        "23ecf83dabecb06b2b768dd0cd86ce1210e9e8e1",  // 108
        "5e48479854b5991bf840e23f7bbe55535e67a23c",  // 109
        "37e815835e4c8b9642d3b628de7051502befa59a",  // 110
        "4a01b1272627e5be00f57bc3c3029c23a452e629",  // 111
        "54c08c2a0ed21de25e3d8606c3929454eb1d3f8b",  // 112
        "9f359093c0426170a6d53fdfb89679b592d8ebac",  // 113
        "02a464094db5da39cf309cd80cf96dd18465599d",  // 114
        "fe35da50128fed6999d312c58d79f2324ecba58d",  // 115
        "11ee9de3ca106edcfcecc00f160d97e6b0cc33f7",  // 116
        "90b79e0bc3eb8d92af29b371e44e16d91a98cfa1",  // 117
        "55bfbde27c9acb13670a70e765a687b2da3435fc",  // 118
        "504e27376a6e0f0dba8295b85cb25dc4dfa17d23",  // 119
        "82134b02fb3f702491be9bed581eeab59334acb2",  // 120
        "f004a54c50aa3705ccc2f03f21016ca6a25755cb",  // 121
        "cfca83c0711fd2164e886c60ec33b69a7e9a68f0",  // 122
        "4753b07e7c0e0d418bed1370adca81d099a41e88",  // 123
        "3132eb444ed5ea62a86fb0a5a1159550e16ee30e",  // 124
        "a46f230aaf987f4db2bb3501116392e684d29b76",  // 125
        "35f63e21348461ef967e9f37207a56e62701218e",  // 126
        "34d5e582029e9b9b85b2febe31da3db7cdabaaea",  // 127
        "a09133e6730ffe899efb70204cb5646cd5dc24ee",  // 128
        "808aea332ce367541d37adae7f94e59c5c1a934e",  // 129
        "6e95f38fbdd38454ab4370ca87d628b526515950",  // 130
    ]
}
