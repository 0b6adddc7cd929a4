"""The lecture's Python asyncio echo server, with the workbook's -addr flag,
for loadgen's compare mode:

    python3 kit/cmd/loadgen/compare/echo.py -addr 127.0.0.1:8080

The lecture reads 1024 bytes at a time; this reads up to 64 KiB, which is
fairer when a client streams. await writer.drain() is asyncio's
backpressure: it waits while the transport's buffer is too full.
"""
import argparse
import asyncio
import resource
import signal


async def handle_connection(reader, writer):
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass  # a reset client is that client's problem
    finally:
        writer.close()


async def main(host, port):
    server = await asyncio.start_server(handle_connection, host, port, backlog=4096)
    print(f"echo.py listening on {host}:{port}", flush=True)
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, server.close)
    async with server:
        try:
            await server.serve_forever()
        except asyncio.CancelledError:
            pass


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("-addr", default="127.0.0.1:8080")
    args = parser.parse_args()
    host, _, port = args.addr.rpartition(":")
    # Thousands of idle connections need thousands of file descriptors.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    asyncio.run(main(host.strip("[]"), int(port)))
