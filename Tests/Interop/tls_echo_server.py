"""A TLS WebSocket echo server written with Python's `websockets` (not by us), for the interop check
in scripts/interop.sh: `wsbench load wss://…` must see every echo verified against it.

Usage: tls_echo_server.py CERT KEY PORT_FILE — listens on 127.0.0.1 (a free port, written to
PORT_FILE once listening), echoes every message as it came (text as text, binary as binary),
negotiates permessage-deflate when offered (websockets' default), and exits on SIGTERM.
"""
import asyncio
import signal
import ssl
import sys

from websockets.asyncio.server import serve


async def echo(connection):
    async for message in connection:
        await connection.send(message)


async def main(certificate, key, port_file):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate, key)
    stop = asyncio.get_running_loop().create_future()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set_result, None)
    async with serve(echo, "127.0.0.1", 0, ssl=context, max_size=None, ping_interval=None) as server:
        port = server.sockets[0].getsockname()[1]
        with open(port_file, "w") as f:
            f.write(f"{port}\n")
        await stop


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:4]))
