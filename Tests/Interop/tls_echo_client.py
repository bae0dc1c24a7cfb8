"""A TLS WebSocket client written with Python's `websockets` (not by us), for the interop check in
scripts/interop.sh: it drives `wsbench serve --tls-self-signed` and checks every echo.

Usage: tls_echo_client.py PORT [CA_FILE] — connects to wss://127.0.0.1:PORT/ws (verifying against
CA_FILE if given, else not at all), sends text and binary messages of several sizes up to 64 KiB
(with and without permessage-deflate), checks each echo byte for byte and its type, closes with
1000 and checks the server answered 1000. Prints one line per check; exits 1 on the first failure.
"""
import asyncio
import os
import ssl
import sys

from websockets.asyncio.client import connect

SIZES = [0, 1, 125, 126, 1000, 65535, 65536]


def fail(text):
    print(f"FAIL {text}", flush=True)
    sys.exit(1)


async def exchange(port, context, compression):
    uri = f"wss://127.0.0.1:{port}/ws"
    async with connect(uri, ssl=context, compression=compression, max_size=None, open_timeout=10,
                       close_timeout=10, ping_interval=None) as ws:
        extensions = ws.response.headers.get("Sec-WebSocket-Extensions")
        if compression and not extensions:
            fail("permessage-deflate was offered but not negotiated")
        for size in SIZES:
            binary = os.urandom(size)
            text = ("wsbench interop é€ " * (size // 20 + 1))[:size]
            for message in (binary, text):
                await ws.send(message)
                echo = await asyncio.wait_for(ws.recv(), 10)
                if type(echo) is not type(message) or echo != message:
                    fail(f"{type(message).__name__} of {size}: echo differs (compression={compression})")
        await ws.close(code=1000)
    if ws.close_code != 1000:
        fail(f"close: the server answered {ws.close_code}, expected 1000")
    if ws.protocol.close_rcvd is None:
        fail("close: no close frame from the server")
    print(f"ok text+binary {SIZES} compression={compression or 'none'} extensions={extensions} close=1000", flush=True)


async def main():
    port = int(sys.argv[1])
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if len(sys.argv) > 2:
        context.load_verify_locations(sys.argv[2])
    else:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    await exchange(port, context, None)
    await exchange(port, context, "deflate")


if __name__ == "__main__":
    asyncio.run(main())
