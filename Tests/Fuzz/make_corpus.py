#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz targets: Corpus/<Target>/<name>, one small file per seed.

Seeds are RFC 6455 and RFC 7692 examples, the handshakes browsers and wsbench itself send and answer,
and edge cases, each behind the configuration bytes its target reads first (see README.md). Run it
after changing a target's input layout; it only adds or overwrites the files it names, so reproducers
of fixed bugs added by hand stay. Deterministic: fixed masking keys, no randomness.
"""
import os
import zlib

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Corpus")
KEY = bytes([0x37, 0xFA, 0x21, 0x3D])  # RFC 6455 §5.7's masking key

MESSAGE_LIMITS = [0, 1, 125, 126, 1000, 65535, 65536, 1 << 20]
INFLATE_CAPS = [0, 1, 16, 125, 1024, 4096, 65536, 1 << 20]


def write(target, name, data):
    directory = os.path.join(ROOT, target)
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, name), "wb") as f:
        f.write(data)


# Frames ------------------------------------------------------------------------------------------

def frame(opcode, payload, fin=True, rsv1=False, masked=False, key=KEY, length_override=None):
    """One frame; masked frames use `key`."""
    b0 = (0x80 if fin else 0) | (0x40 if rsv1 else 0) | opcode
    n = len(payload) if length_override is None else length_override
    mask = 0x80 if masked else 0
    if n < 126:
        header = bytes([b0, mask | n])
    elif n <= 0xFFFF:
        header = bytes([b0, mask | 126]) + n.to_bytes(2, "big")
    else:
        header = bytes([b0, mask | 127]) + n.to_bytes(8, "big")
    if masked:
        header += key
        payload = bytes(b ^ key[i % 4] for i, b in enumerate(payload))
    return header + payload


def deflate(payload, window=15):
    """RFC 7692 §7.2.1: raw deflate, sync flush, the trailing 00 00 ff ff removed."""
    c = zlib.compressobj(9, zlib.DEFLATED, -window)
    data = c.compress(payload) + c.flush(zlib.Z_SYNC_FLUSH)
    assert data.endswith(b"\x00\x00\xff\xff")
    return data[:-4]


def frame_config(deflate=False, no_context_takeover=False, window=15, limit=65536, cap=65536, reads=0, inflate=0):
    """The three configuration bytes of FrameStreamConfiguration."""
    b0 = (1 if deflate else 0) | (2 if no_context_takeover else 0) | (window - 8) << 2 | MESSAGE_LIMITS.index(limit) << 5
    b1 = INFLATE_CAPS.index(cap) | (reads & 31) << 3
    return bytes([b0, b1, inflate])


HELLO_DEFLATED = bytes.fromhex("f248cdc9c90700")  # RFC 7692 §7.2.3.1


def frame_seeds():
    """(name, configuration, [(opcode, payload, fin, rsv1)] or raw bytes) for both roles."""
    text = "Hello-µ@ßöäüàá-UTF-8!! κόσμε 𝄞".encode()
    bomb = deflate(bytes(200_000))
    seeds = [
        # RFC 6455 §5.7
        ("rfc6455-hello", frame_config(reads=1), [(1, b"Hello", True, False)]),
        ("rfc6455-fragmented-hello", frame_config(reads=6), [(1, b"Hel", False, False), (0, b"lo", True, False)]),
        ("rfc6455-ping-pong", frame_config(reads=2), [(9, b"Hello", True, False), (10, b"Hello", True, False)]),
        ("rfc6455-256-bytes-binary", frame_config(reads=31), [(2, bytes(range(256)), True, False)]),
        ("rfc6455-64k-header-only", frame_config(limit=1 << 20), bytes.fromhex("827f0000000000010000")),
        # RFC 7692 §7.2.3
        ("rfc7692-hello", frame_config(deflate=True, reads=3), [(1, HELLO_DEFLATED, True, True)]),
        ("rfc7692-fragmented-hello", frame_config(deflate=True, reads=7, inflate=1),
         [(1, HELLO_DEFLATED[:3], False, True), (0, HELLO_DEFLATED[3:], True, False)]),
        ("rfc7692-context-takeover", frame_config(deflate=True, reads=11),
         [(1, HELLO_DEFLATED, True, True), (1, bytes.fromhex("f20011 0000".replace(" ", "")), True, True)]),
        ("rfc7692-no-context-takeover", frame_config(deflate=True, no_context_takeover=True, reads=5),
         [(1, HELLO_DEFLATED, True, True), (1, HELLO_DEFLATED, True, True)]),
        ("rfc7692-stored-block", frame_config(deflate=True), [(1, bytes.fromhex("000500faff48656c6c6f00"), True, True)]),
        ("rfc7692-bfinal", frame_config(deflate=True, inflate=2), [(1, bytes.fromhex("f348cdc9c90700 00".replace(" ", "")), True, True)]),
        ("rfc7692-empty-compressed", frame_config(deflate=True), [(1, b"\x00", True, True), (2, b"", True, True)]),
        ("deflate-uncompressed-and-compressed", frame_config(deflate=True, reads=9),
         [(1, b"plain", True, False), (2, deflate(bytes(range(200))), True, True)]),
        ("deflate-window-9", frame_config(deflate=True, window=9, reads=13),
         [(2, deflate(bytes(range(256)) * 4, window=9), True, True)]),
        ("deflate-zip-bomb-cap-64k", frame_config(deflate=True, cap=65536, reads=4, inflate=7), [(2, bomb, True, True)]),
        ("deflate-zip-bomb-cap-1m", frame_config(deflate=True, cap=1 << 20, inflate=3), [(2, bomb, True, True)]),
        ("deflate-text-utf8", frame_config(deflate=True, cap=125), [(1, deflate(text), True, True)]),
        ("deflate-invalid-utf8", frame_config(deflate=True), [(1, deflate(b"ok \xed\xa0\x80"), True, True)]),
        ("deflate-corrupt", frame_config(deflate=True), [(1, bytes.fromhex("ffffffff"), True, True)]),
        # Messages, UTF-8, interleaving, close
        ("text-utf8-split-in-character", frame_config(reads=2),
         [(1, text[:21], False, False), (9, b"", True, False), (0, text[21:], True, False)]),
        ("text-invalid-utf8", frame_config(), [(1, b"ok \xc0\xaf", True, False)]),
        ("text-truncated-utf8", frame_config(), [(1, b"\xce\xba\xe1\xbd", True, False)]),
        ("empty-messages", frame_config(reads=1), [(1, b"", True, False), (2, b"", True, False), (1, b"", False, False), (0, b"", True, False)]),
        ("close-normal", frame_config(), [(8, b"\x03\xe8", True, False)]),
        ("close-reason", frame_config(reads=3), [(8, b"\x03\xe9going away \xf0\x9f\x91\x8b", True, False)]),
        ("close-empty", frame_config(), [(8, b"", True, False)]),
        ("close-1005-invalid", frame_config(), [(8, b"\x03\xed", True, False)]),
        ("close-one-byte", frame_config(), [(8, b"\x03", True, False)]),
        ("close-bad-reason", frame_config(), [(8, b"\x0b\xb8\xff", True, False)]),
        ("limit-125", frame_config(limit=125, reads=15), [(2, bytes(125), True, False), (2, bytes(126), True, False)]),
        ("limit-fragments", frame_config(limit=1000), [(2, bytes(600), False, False), (0, bytes(600), True, False)]),
        ("limit-0", frame_config(limit=0), [(1, b"", True, False), (9, b"x", True, False)]),
        # Protocol errors
        ("error-reserved-opcode", frame_config(), bytes([0x83, 0x00])),
        ("error-rsv2", frame_config(), bytes([0xA1, 0x00])),
        ("error-rsv1-without-deflate", frame_config(), [(1, HELLO_DEFLATED, True, True)]),
        ("error-rsv1-on-continuation", frame_config(deflate=True),
         [(1, HELLO_DEFLATED[:3], False, True), (0, HELLO_DEFLATED[3:], True, True)]),
        ("error-fragmented-ping", frame_config(), [(9, b"", False, False)]),
        ("error-control-126", frame_config(limit=1 << 20), [(9, bytes(126), True, False)]),
        ("error-length-top-bit", frame_config(), bytes.fromhex("82ff8000000000000000") + KEY),
        ("error-continuation-first", frame_config(), [(0, b"x", True, False)]),
        ("error-text-inside-message", frame_config(), [(1, b"a", False, False), (2, b"b", True, False)]),
    ]
    return seeds


def frame_stream(frames, masked):
    if isinstance(frames, bytes):
        data = bytearray(frames)
        if masked:  # set the mask bit and insert the key after the header of a hand-written frame
            data[1] |= 0x80
            length7 = data[1] & 0x7F
            header = 2 + (2 if length7 == 126 else 8 if length7 == 127 else 0)
            if len(data) >= header and not frames.endswith(KEY):
                data[header:header] = KEY
        elif len(data) >= 2 and data[1] & 0x80:
            data[1] &= 0x7F
            data = data[:-4] if frames.endswith(KEY) else data
        return bytes(data)
    return b"".join(frame(op, payload, fin=fin, rsv1=rsv1, masked=masked) for op, payload, fin, rsv1 in frames)


def write_frames():
    for name, config, frames in frame_seeds():
        write("FuzzServerFrames", name, config + frame_stream(frames, masked=True))
        write("FuzzClientFrames", name, config + frame_stream(frames, masked=False))
    # The direction each role must refuse.
    write("FuzzServerFrames", "error-unmasked", frame_config() + frame(1, b"Hello"))
    write("FuzzClientFrames", "error-masked", frame_config() + frame(1, b"Hello", masked=True))


def write_deflate_messages():
    """FuzzDeflateMessages: 4 configuration bytes, then messages (flags, length, content)."""
    def config(client=False, no_context_takeover=False, window=15, cap=65536, reads=0, inflate=0, level=1, mem_level=4):
        b0 = (1 if client else 0) | (2 if no_context_takeover else 0) | (window - 8) << 2 | INFLATE_CAPS.index(cap) << 5
        return bytes([b0, reads, inflate, (level if level >= 0 else 15) | (mem_level - 1) << 4])

    def message(content, compressed=True, text=True, fragments=1, pings=False, repeat_power=0):
        flags = (1 if compressed else 0) | (2 if text else 0) | (fragments - 1) << 2 | (0x10 if pings else 0) | repeat_power << 5
        return bytes([flags, len(content)]) + content

    json = b'{"id":42,"name":"wsbench","tags":["a","b"],"ok":true}'
    seeds = {
        "hello": config() + message(b"Hello"),
        "context-takeover": config(reads=3) + message(json) + message(json) + message(json, fragments=3, pings=True),
        "no-context-takeover": config(no_context_takeover=True, reads=7) + message(json) + message(json),
        "window-8-client": config(client=True, window=8, reads=11, inflate=5) + message(json, repeat_power=5, fragments=4),
        "window-9-level-9": config(window=9, level=9, mem_level=8) + message(bytes(range(256))[:255], text=False, repeat_power=3),
        "mixed-plain-and-compressed": config(client=True, reads=2) + message(b"plain", compressed=False) + message(json)
                                      + message(b"", text=False) + message(b"again", compressed=False, fragments=2, pings=True),
        "empty-messages": config(reads=1) + message(b"") + message(b"") + message(b"", compressed=False),
        "cap-exact": config(cap=4096) + message(b"x" * 128, repeat_power=5),
        "cap-exceeded": config(cap=4096, inflate=7) + message(b"x" * 129, repeat_power=5, fragments=2),
        "cap-zero": config(cap=0, client=True) + message(b"") + message(b"a"),
        "invalid-utf8-compressed": config() + message("κόσμε".encode() + b"\xed\xa0\x80", fragments=2, pings=True),
        "invalid-utf8-plain": config(reads=5) + message("κόσμε".encode() + b"\xc0\xaf ok", compressed=False, fragments=3, pings=True),
        "utf8-split-across-fragments": config(client=True, reads=13) + message("日本語テキスト".encode(), compressed=False, fragments=4, pings=True)
                                       + message("日本語テキスト".encode(), fragments=4),
        "level-0-stored": config(level=0) + message(json, fragments=2),
    }
    for name, data in seeds.items():
        write("FuzzDeflateMessages", name, data)


# UTF-8 -------------------------------------------------------------------------------------------

def write_utf8():
    seeds = {
        "autobahn-6.2.1": "Hello-µ@ßöäüàá-UTF-8!!".encode(),
        "kosme": "κόσμε".encode(),
        "boundaries": "\u0080\u07ff\u0800\uffff\U00010000\U0010ffff".encode(),
        "mixed-long": ("JSON {\"name\": \"Zoë\", \"city\": \"Kraków\", \"emoji\": \"🎉\", \"cjk\": \"日本語\"} " * 4).encode(),
        "ascii-100": b"a" * 100,
        "overlong-2": b"abc\xc0\xaf",
        "overlong-3": b"\xe0\x80\xaf",
        "overlong-4": b"\xf0\x80\x80\xaf",
        "surrogate": b"\xed\xa0\x80",
        "above-10ffff": b"\xf4\x90\x80\x80",
        "lone-continuation": b"ab\x80cd",
        "truncated-4": b"\xf0\x9f\x98",
        "invalid-bytes": b"\xfe\xff",
        "invalid-after-32": b"a" * 33 + b"\xe2\x82\x28" + "€".encode() * 12,
    }
    for name, text in seeds.items():
        write("FuzzUTF8Validator", name + "-whole", bytes([0x41, 0]) + text)  # 17-byte chunks
        write("FuzzUTF8Validator", name + "-bytes", bytes([0x00, 0x43]) + text)  # 1-byte chunks, aligned 3, no lead-in
    write("FuzzUTF8Validator", "lead-in-64-random-chunks", bytes([0x0E, 0x80 | 5]) + "€𝄞é".encode() * 10)
    write("FuzzUTF8Validator", "lead-in-200-invalid", bytes([0x03, 0xC0 | 31]) + b"\xed\xbf\xbf")


# Handshakes --------------------------------------------------------------------------------------

def http(*lines):
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


CHROMIUM = http(  # the header set and order Chromium sends (key, version strings as example values)
    "GET /ws HTTP/1.1",
    "Host: 127.0.0.1:9001",
    "Connection: Upgrade",
    "Pragma: no-cache",
    "Cache-Control: no-cache",
    "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
    "Upgrade: websocket",
    "Origin: http://127.0.0.1:9001",
    "Sec-WebSocket-Version: 13",
    "Accept-Encoding: gzip, deflate, br",
    "Accept-Language: en-US,en;q=0.9",
    "Sec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw==",
    "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits",
)
FIREFOX = http(  # the header set and order Firefox sends (key, version strings as example values)
    "GET /ws HTTP/1.1",
    "Host: localhost:9001",
    "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
    "Accept: */*",
    "Accept-Language: en-US,en;q=0.5",
    "Accept-Encoding: gzip, deflate, br",
    "Sec-WebSocket-Version: 13",
    "Origin: http://localhost:9001",
    "Sec-WebSocket-Extensions: permessage-deflate",
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
    "Connection: keep-alive, Upgrade",
    "Sec-Fetch-Dest: websocket",
    "Sec-Fetch-Mode: websocket",
    "Sec-Fetch-Site: same-origin",
    "Pragma: no-cache",
    "Cache-Control: no-cache",
    "Upgrade: websocket",
)
RFC6455_REQUEST = http(
    "GET /chat HTTP/1.1",
    "Host: server.example.com",
    "Upgrade: websocket",
    "Connection: Upgrade",
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
    "Origin: http://example.com",
    "Sec-WebSocket-Protocol: chat, superchat",
    "Sec-WebSocket-Version: 13",
)
WSBENCH_REQUEST = http(  # ClientHandshake.request() as `wsbench load --compress` sends it
    "GET /ws HTTP/1.1",
    "Host: 127.0.0.1:9001",
    "Upgrade: websocket",
    "Connection: Upgrade",
    "Sec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4PEA==",
    "Sec-WebSocket-Version: 13",
    "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits",
)


def request_config(arrival=0, head_limit=8192, origins=0, deflate=0):
    return bytes([arrival, [8192, 64, 512, 2048].index(head_limit) | origins << 2 | deflate << 4])


def write_requests():
    def variant(base, old, new):
        return base.replace(old.encode(), new.encode())

    seeds = {
        "chromium": (CHROMIUM, request_config(arrival=0x41, origins=0)),
        "firefox": (FIREFOX, request_config(arrival=0x03, origins=1, deflate=3)),
        "rfc6455": (RFC6455_REQUEST, request_config(arrival=0x02, origins=1)),
        "wsbench": (WSBENCH_REQUEST, request_config(arrival=0x0B, deflate=8 | 4)),
        "rfc7692-two-offers": (variant(CHROMIUM, "client_max_window_bits\r\n",
                                       "client_max_window_bits; server_max_window_bits=10, permessage-deflate; client_max_window_bits\r\n"),
                               request_config(deflate=2)),
        "extensions-two-lines": (variant(RFC6455_REQUEST, "Sec-WebSocket-Version: 13\r\n",
                                         "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Extensions: foo\r\nSec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover\r\n"),
                                 request_config(arrival=0x1D)),
        "absolute-target-query": (variant(RFC6455_REQUEST, "GET /chat ", "GET http://server.example.com/chat?room=1#x "),
                                  request_config()),
        "origin-not-allowed": (CHROMIUM, request_config(origins=1)),
        "origin-case": (variant(RFC6455_REQUEST, "http://example.com", "https://EXAMPLE.com"), request_config(origins=2)),
        "post": (variant(RFC6455_REQUEST, "GET", "POST"), request_config()),
        "http10": (variant(RFC6455_REQUEST, "HTTP/1.1", "HTTP/1.0"), request_config()),
        "no-host": (variant(RFC6455_REQUEST, "Host: server.example.com\r\n", ""), request_config()),
        "two-hosts": (variant(RFC6455_REQUEST, "Host: server.example.com\r\n", "Host: a\r\nHost: b\r\n"), request_config()),
        "version-8": (variant(RFC6455_REQUEST, "Version: 13", "Version: 8"), request_config()),
        "key-15-bytes": (variant(RFC6455_REQUEST, "dGhlIHNhbXBsZSBub25jZQ==", "dGhlIHNhbXBsZSBub25j"), request_config()),
        "key-not-canonical": (variant(RFC6455_REQUEST, "dGhlIHNhbXBsZSBub25jZQ==", "dGhlIHNhbXBsZSBub25jZR=="), request_config()),
        "no-upgrade": (variant(RFC6455_REQUEST, "Upgrade: websocket\r\n", ""), request_config()),
        "connection-list": (variant(RFC6455_REQUEST, "Connection: Upgrade", "Connection: keep-alive,  UPGRADE ,"), request_config()),
        "bare-lf": (RFC6455_REQUEST.replace(b"\r\nHost", b"\nHost"), request_config()),
        "obs-fold": (variant(RFC6455_REQUEST, "Origin: http://example.com", "Origin: http://example.com\r\n  folded"), request_config()),
        "space-before-colon": (variant(RFC6455_REQUEST, "Origin:", "Origin :"), request_config()),
        "too-large": (CHROMIUM, request_config(head_limit=64, arrival=0x7D)),
        "chromium-limit-512": (CHROMIUM, request_config(head_limit=512, arrival=0x7E)),
        "tiny-limit": (b"GET / HTTP/1.1\r\nHost: a\r\n\r\n", request_config(head_limit=64)),
        "plain-get": (http("GET / HTTP/1.1", "Host: 127.0.0.1:9001", "Accept: text/html"), request_config()),
        "trailing-frame-bytes": (RFC6455_REQUEST + bytes.fromhex("8185") + KEY, request_config(arrival=0x05)),
    }
    for name, (request, config) in seeds.items():
        write("FuzzHandshakeRequest", name, config + request)


RFC6455_RESPONSE = http(
    "HTTP/1.1 101 Switching Protocols",
    "Upgrade: websocket",
    "Connection: Upgrade",
    "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
    "Sec-WebSocket-Protocol: chat",
)


def response_config(arrival=0, offers_deflate=False, subprotocols=0, small_limit=False, client_options=0):
    return bytes([arrival, (1 if offers_deflate else 0) | subprotocols << 1 | (8 if small_limit else 0), client_options])


# FuzzDeflateOptions.client bytes: bits 6-7 client_max_window_bits kind, bit 5 server_max_window_bits = 8 + bits 2-4.
BROWSER_OFFER = 0x40  # permessage-deflate; client_max_window_bits
FULL_OFFER = 0x03 | 0x20 | 2 << 2 | 0xC0  # both no_context_takeover, server_max_window_bits=10, client_max_window_bits=13


def write_responses():
    def with_extensions(value):
        return RFC6455_RESPONSE.replace(b"\r\n\r\n", ("\r\nSec-WebSocket-Extensions: " + value + "\r\n\r\n").encode())

    seeds = {
        "rfc6455": (RFC6455_RESPONSE, response_config(arrival=0x02, subprotocols=2)),
        "rfc6455-no-subprotocol-offered": (RFC6455_RESPONSE, response_config()),
        "deflate-browser": (with_extensions("permessage-deflate; client_max_window_bits=12"),
                            response_config(offers_deflate=True, subprotocols=1, client_options=BROWSER_OFFER)),
        "deflate-wsbench-server": (with_extensions("permessage-deflate; server_max_window_bits=10; client_max_window_bits=12"),
                                   response_config(arrival=0x0B, offers_deflate=True, subprotocols=1, client_options=0x20 | 2 << 2 | 0x40)),
        "deflate-all-parameters": (with_extensions("permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10; client_max_window_bits=13"),
                                   response_config(offers_deflate=True, subprotocols=1, client_options=FULL_OFFER)),
        "deflate-declined": (RFC6455_RESPONSE, response_config(offers_deflate=True, subprotocols=1, client_options=FULL_OFFER)),
        "deflate-unoffered": (with_extensions("permessage-deflate"), response_config(subprotocols=1)),
        "deflate-window-too-big": (with_extensions("permessage-deflate; server_max_window_bits=15"),
                                   response_config(offers_deflate=True, subprotocols=1, client_options=FULL_OFFER)),
        "no-reason-phrase": (RFC6455_RESPONSE.replace(b" Switching Protocols", b""), response_config(subprotocols=1)),
        "lowercase-headers": (http("HTTP/1.1 101 Switching Protocols", "upgrade: WebSocket", "connection: keep-alive, upgrade",
                                   "sec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), response_config()),
        "frames-after-head": (RFC6455_RESPONSE + frame(1, b"Hello"), response_config(arrival=0x05, subprotocols=1)),
        "wrong-accept": (RFC6455_RESPONSE.replace(b"xOo=", b"xOp="), response_config(subprotocols=1)),
        "two-accepts": (RFC6455_RESPONSE.replace(b"Sec-WebSocket-Accept", b"Sec-WebSocket-Accept: x\r\nSec-WebSocket-Accept", 1),
                        response_config(subprotocols=1)),
        "no-connection": (RFC6455_RESPONSE.replace(b"Connection: Upgrade\r\n", b""), response_config(subprotocols=1)),
        "426": (http("HTTP/1.1 426 Upgrade Required", "Content-Type: text/plain; charset=utf-8", "Content-Length: 48",
                     "Connection: close", "Upgrade: websocket", "Sec-WebSocket-Version: 13")
                + b"Unsupported Sec-WebSocket-Version (expected 13)\n", response_config()),
        "403": (http("HTTP/1.1 403 Forbidden", "Server: nginx", "Date: Sat, 21 Nov 2026 06:00:00 GMT", "Content-Length: 0"),
                response_config()),
        "503": (http("HTTP/1.1 503 Service Unavailable", "Retry-After: 1"), response_config()),
        "http10-200": (http("HTTP/1.0 200 OK", "Content-Type: text/html"), response_config()),
        "malformed-status": (b"HTTP/1.1 1O1 Switching\r\n\r\n", response_config()),
        "too-large": (RFC6455_RESPONSE.replace(b"\r\n\r\n", b"\r\nX-Padding: " + b"p" * 300 + b"\r\n\r\n"),
                      response_config(small_limit=True, arrival=0x3D)),
    }
    for name, (response, config) in seeds.items():
        write("FuzzHandshakeResponse", name, config + response)


def write_extension_offers():
    # FuzzDeflateOptions.server byte: bits 1-3 window - 8, bit 4 disable server context takeover,
    # bit 5 request client no context takeover, bits 6-7 client window choice [15, 12, same, 9].
    wsbench_server = (12 - 8) << 1 | 1 << 6  # DeflateOptions() defaults: 12-bit windows
    strict_server = (9 - 8) << 1 | 0x10 | 0x20 | 2 << 6
    disabled_server = 0x01
    seeds = {
        "chromium": "permessage-deflate; client_max_window_bits",
        "firefox": "permessage-deflate",
        "rfc7692-two-offers": "permessage-deflate; client_max_window_bits; server_max_window_bits=10, permessage-deflate; client_max_window_bits",
        "rfc7692-server-8": "permessage-deflate; server_max_window_bits=8",
        "all-parameters": "permessage-deflate; client_max_window_bits=15; server_max_window_bits=10; server_no_context_takeover; client_no_context_takeover",
        "quoted-value": 'permessage-deflate; client_max_window_bits="10"',
        "quoted-escape": 'permessage-deflate; server_max_window_bits="1\\2"',
        "case-and-spaces": "  PerMessage-Deflate ;  Server_No_Context_Takeover ; client_max_window_bits = 9 ,",
        "other-extensions": "x-webkit-deflate-frame, foo; bar=baz, permessage-deflate",
        "window-16": "permessage-deflate; server_max_window_bits=16",
        "window-leading-zero": "permessage-deflate; client_max_window_bits=08",
        "duplicate-parameter": "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
        "unknown-parameter": "permessage-deflate; max_window_bits=10",
        "value-on-flag": "permessage-deflate; server_no_context_takeover=1",
        "empty-elements": ", ,permessage-deflate,,",
        "malformed": "permessage-deflate; =10",
        "unterminated-quote": 'permessage-deflate; client_max_window_bits="10',
        "empty": "",
    }
    server_choices = [wsbench_server, strict_server, 0, disabled_server]
    for i, (name, value) in enumerate(seeds.items()):
        write("FuzzExtensionOffer", name, bytes([server_choices[i % 4], [BROWSER_OFFER, FULL_OFFER, 0x00, 0xE1][i % 4]]) + value.encode())


if __name__ == "__main__":
    write_frames()
    write_deflate_messages()
    write_utf8()
    write_requests()
    write_responses()
    write_extension_offers()
    for target in sorted(os.listdir(ROOT)):
        print(f"{target}: {len(os.listdir(os.path.join(ROOT, target)))} seeds")
