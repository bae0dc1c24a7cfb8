#!/usr/bin/env python3
"""An independent RFC 8441 client (PyPI `h2` + `wsproto`) against `wsbench serve`.

On one HTTP/2 connection (h2c with prior knowledge, or TLS with ALPN h2): waits for
SETTINGS_ENABLE_CONNECT_PROTOCOL, opens K WebSockets as extended CONNECT streams, echoes text and
binary messages of 0 B ... 64 KiB on all of them (every echo compared), closes one stream while the
others go on, then closes the rest; every close must be answered with a close frame and the server's
END_STREAM. Bad requests on the same connection must get their status (404, 400 +
sec-websocket-version: 13, 501) without the connection dropping.

Usage: h2_websocket_client.py PORT [--tls] [--streams K] [--messages N] [--deflate]
Exit 0 when everything was verified; 1 with the reason otherwise.
"""
import argparse
import random
import socket
import ssl
import sys

import h2.config
import h2.connection
import h2.events
import h2.settings
from wsproto.connection import Connection, ConnectionType
from wsproto.events import BytesMessage, CloseConnection, Message, TextMessage
from wsproto.extensions import PerMessageDeflate
from wsproto.frame_protocol import CloseReason


def fail(reason):
    print(f"FAIL: {reason}")
    sys.exit(1)


class Client:
    def __init__(self, port, tls):
        raw = socket.create_connection(("127.0.0.1", port), timeout=20)
        if tls:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            context.set_alpn_protocols(["h2"])
            self.sock = context.wrap_socket(raw, server_hostname="localhost")
            if self.sock.selected_alpn_protocol() != "h2":
                fail(f"ALPN chose {self.sock.selected_alpn_protocol()!r}, not h2")
        else:
            self.sock = raw
        self.scheme = "https" if tls else "http"
        self.authority = f"127.0.0.1:{port}"
        self.h2 = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True, header_encoding="utf-8"))
        self.h2.initiate_connection()
        self.h2.increment_flow_control_window(16 << 20)
        self.flush()
        self.streams = {}  # stream id -> state dict
        self.goaway = False

    def flush(self):
        data = self.h2.data_to_send()
        if data:
            self.sock.sendall(data)

    def pump(self):
        """Reads once and dispatches the HTTP/2 events."""
        data = self.sock.recv(1 << 20)
        if not data:
            fail("the server closed the connection")
        for event in self.h2.receive_data(data):
            stream = self.streams.get(getattr(event, "stream_id", None))
            if isinstance(event, h2.events.ResponseReceived):
                stream["status"] = int(dict(event.headers)[":status"])
                stream["headers"] = dict(event.headers)
            elif isinstance(event, h2.events.DataReceived):
                self.h2.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
                stream["body"] += event.data
                if stream.get("ws") is not None:
                    stream["ws"].receive_data(event.data)
                    for ws_event in stream["ws"].events():
                        stream["events"].append(ws_event)
            elif isinstance(event, h2.events.StreamEnded):
                stream["ended"] = True
            elif isinstance(event, h2.events.StreamReset):
                stream["reset"] = event.error_code
            elif isinstance(event, h2.events.ConnectionTerminated):
                self.goaway = True
        self.flush()

    def wait(self, condition, what):
        for _ in range(100000):
            if condition():
                return
            self.pump()
        fail(f"gave up waiting for {what}")

    def request(self, headers, end_stream=False):
        stream_id = self.h2.get_next_available_stream_id()
        self.streams[stream_id] = {"body": b"", "events": [], "ended": False, "ws": None}
        self.h2.send_headers(stream_id, headers, end_stream=end_stream)
        self.flush()
        return stream_id

    def connect_headers(self, path="/ws", protocol="websocket", version="13", extensions=None):
        headers = [(":method", "CONNECT"), (":protocol", protocol), (":scheme", self.scheme), (":path", path),
                   (":authority", self.authority), ("sec-websocket-version", version)]
        if extensions:
            headers.append(("sec-websocket-extensions", extensions))
        return headers

    def send_ws(self, stream_id, event):
        data = self.streams[stream_id]["ws"].send(event)
        # Respect the server's flow-control window: wait for room as needed.
        while data:
            room = min(self.h2.local_flow_control_window(stream_id), self.h2.max_outbound_frame_size)
            if room == 0:
                self.pump()
                continue
            self.h2.send_data(stream_id, data[:room])
            data = data[room:]
            self.flush()


def payloads(count, seed):
    rng = random.Random(seed)
    sizes = [0, 1, 20, 125, 126, 1000, 4096, 16384, 65536]
    for i in range(count):
        size = sizes[i % len(sizes)]
        if i % 2 == 0:
            yield "".join(rng.choice("abcdefghijklmnopqrstuvwxyzäöü€ ") for _ in range(size))
        else:
            yield bytes(rng.getrandbits(8) for _ in range(size))


def echo_round(client, ids, messages, seed):
    expected = {sid: list(payloads(messages, seed + sid)) for sid in ids}
    for sid in ids:
        for payload in expected[sid]:
            client.send_ws(sid, Message(data=payload))
    for sid in ids:
        state = client.streams[sid]
        want = expected[sid]
        client.wait(lambda: sum(1 for e in state["events"] if isinstance(e, (TextMessage, BytesMessage)) and e.message_finished) >= len(want),
                    f"echoes on stream {sid}")
        got, partial = [], None
        for e in state["events"]:
            if isinstance(e, (TextMessage, BytesMessage)):
                partial = e.data if partial is None else partial + e.data
                if e.message_finished:
                    got.append(partial)
                    partial = None
        state["events"] = []
        if got != want:
            fail(f"stream {sid}: echo mismatch ({len(got)} messages, first difference at "
                 f"{next(i for i, (a, b) in enumerate(zip(got, want)) if a != b) if any(a != b for a, b in zip(got, want)) else 'length'})")


def close_stream(client, sid):
    client.send_ws(sid, CloseConnection(code=1000, reason="done"))
    client.h2.end_stream(sid)
    client.flush()
    state = client.streams[sid]
    client.wait(lambda: state["ended"] or "reset" in state, f"END_STREAM on stream {sid}")
    if "reset" in state:
        fail(f"stream {sid} was reset ({state['reset']}) instead of ended")
    closes = [e for e in state["events"] if isinstance(e, CloseConnection)]
    if not closes or closes[0].code != 1000:
        fail(f"stream {sid}: no close frame 1000 before END_STREAM (got {closes})")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("--tls", action="store_true")
    parser.add_argument("--streams", type=int, default=10)
    parser.add_argument("--messages", type=int, default=18)
    parser.add_argument("--deflate", action="store_true")
    args = parser.parse_args()

    client = Client(args.port, args.tls)
    client.wait(lambda: client.h2.remote_settings.get(h2.settings.SettingCodes.ENABLE_CONNECT_PROTOCOL) == 1,
                "SETTINGS_ENABLE_CONNECT_PROTOCOL = 1")

    # Bad requests first: each gets its status on its stream, and the connection carries on.
    for headers, status, what in [
        (client.connect_headers(path="/nowhere"), 404, "wrong path"),
        (client.connect_headers(version="8"), 400, "bad sec-websocket-version"),
        (client.connect_headers(protocol="chat"), 501, "unknown :protocol"),
    ]:
        sid = client.request(headers)
        client.wait(lambda: "status" in client.streams[sid], f"the answer to a {what}")
        got = client.streams[sid]["status"]
        if got != status:
            fail(f"{what}: status {got}, expected {status}")
        if status == 400 and client.streams[sid]["headers"].get("sec-websocket-version") != "13":
            fail("bad version: no sec-websocket-version: 13 in the answer")
    page = client.request([(":method", "GET"), (":scheme", client.scheme), (":path", "/"), (":authority", client.authority)], end_stream=True)
    client.wait(lambda: client.streams[page]["ended"], "the test page")
    if client.streams[page]["status"] != 200 or b"wsbench" not in client.streams[page]["body"]:
        fail("GET / did not return the test page")

    offer = PerMessageDeflate() if args.deflate else None
    ids = []
    for _ in range(args.streams):
        extensions = f"{offer.name}; {offer.offer()}" if offer else None
        if offer and not offer.offer():
            extensions = offer.name
        ids.append(client.request(client.connect_headers(extensions=extensions)))
    for sid in ids:
        state = client.streams[sid]
        client.wait(lambda: "status" in state, f"the answer on stream {sid}")
        if state["status"] != 200:
            fail(f"stream {sid}: status {state['status']}, expected 200")
        accepted = state["headers"].get("sec-websocket-extensions")
        extensions = []
        if args.deflate:
            if not accepted or not accepted.startswith("permessage-deflate"):
                fail(f"stream {sid}: permessage-deflate not negotiated ({accepted!r})")
            extension = PerMessageDeflate()
            extension.offer()
            extension.finalize(accepted.split(";", 1)[1] if ";" in accepted else "")
            extensions = [extension]
        elif accepted:
            fail(f"stream {sid}: extensions {accepted!r} without an offer")
        state["ws"] = Connection(ConnectionType.CLIENT, extensions=extensions)

    echo_round(client, ids, args.messages, 1)
    # One stream closes; the others go on.
    close_stream(client, ids[0])
    echo_round(client, ids[1:], args.messages, 2)
    for sid in ids[1:]:
        close_stream(client, sid)
    if client.goaway:
        fail("the server sent GOAWAY before the client was done")
    mode = ("TLS, ALPN h2" if args.tls else "h2c") + (", permessage-deflate" if args.deflate else "")
    print(f"ok ({mode}): {len(ids)} streams x {args.messages} + {args.messages} messages (0 B - 64 KiB, text and binary) "
          f"echoed and verified, one stream closed while the others went on, every close answered with a close frame "
          f"and END_STREAM; 404/400/501 answered on their streams; GET / served")
    client.sock.close()


if __name__ == "__main__":
    main()
