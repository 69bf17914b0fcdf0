#!/usr/bin/env python3
"""bench/relay.py: a TCP relay on 127.0.0.1 that counts the bytes it passes.

  relay.py TARGET_PORT PORT_FILE COUNT_FILE

Listens on a free port of 127.0.0.1 (written to PORT_FILE), forwards every
connection to 127.0.0.1:TARGET_PORT, and keeps the total of bytes passed in
both directions (TLS records included) in COUNT_FILE, rewritten after every
chunk. The device pins the server's key, not the address, so a TCP relay
changes nothing the protocol sees (docs/server.md).
"""
import asyncio
import os
import sys

target, port_file, count_file = int(sys.argv[1]), sys.argv[2], sys.argv[3]
total = 0


def bump(n):
    global total
    total += n
    tmp = count_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(total))
    os.replace(tmp, count_file)


async def pipe(reader, writer):
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            bump(len(data))
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()


async def handle(reader, writer):
    up_r, up_w = await asyncio.open_connection("127.0.0.1", target)
    await asyncio.gather(pipe(reader, up_w), pipe(up_r, writer))


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    bump(0)
    with open(port_file, "w") as f:
        f.write(str(server.sockets[0].getsockname()[1]))
    async with server:
        await server.serve_forever()


asyncio.run(main())
