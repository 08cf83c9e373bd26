#!/usr/bin/env python3
"""Slow clients against serve (issue 16, point 4), driven by bench/trickle.sh.

Keeps CONNECTIONS connections open to serve, each sending a request one byte every INTERVAL
seconds (half trickle a request head, half a body), reopening each one serve cuts. Meanwhile an
authorised scrape of /metrics is timed every half second on a new connection. Prints the
scrapes' latencies, how many trickling connections were open, and how long serve let one live.
Bounded: at most 5,000 connections and 300 seconds; each scrape gives up after 5 s.
"""
import asyncio
import resource
import statistics
import sys
import time

host, port = sys.argv[1], int(sys.argv[2])
connections, seconds = min(int(sys.argv[3]), 5000), min(float(sys.argv[4]), 300)
authorization = sys.argv[5]
interval = float(sys.argv[6]) if len(sys.argv) > 6 else 2.0

soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
if hard < connections + 100:
    sys.exit(f"trickle.py: needs {connections + 100} file descriptors, the hard limit is {hard}")

open_now = 0
lifetimes = []  # seconds serve kept a trickling connection open
refused = 0


async def trickler(index, stop):
    global open_now, refused
    head = f"GET /metrics HTTP/1.1\r\nHost: {host}\r\nX-Slow: ".encode()
    body = f"POST /metrics HTTP/1.1\r\nHost: {host}\r\nContent-Length: 60000\r\n\r\n".encode()
    while time.monotonic() < stop:
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), 10)
        except (OSError, asyncio.TimeoutError):
            refused += 1
            await asyncio.sleep(interval)
            continue
        opened = time.monotonic()
        open_now += 1
        try:
            writer.write(head if index % 2 == 0 else body)
            await writer.drain()
            while time.monotonic() < stop:
                # Anything read (an early 401, say) is dropped; an empty read is serve's close.
                try:
                    if await asyncio.wait_for(reader.read(4096), interval) == b"":
                        break
                except asyncio.TimeoutError:
                    pass
                writer.write(b"a")
                await writer.drain()
        except (OSError, ConnectionError):
            pass
        finally:
            open_now -= 1
            if time.monotonic() < stop:
                lifetimes.append(time.monotonic() - opened)
            writer.close()


async def scrape():
    """Seconds for a whole authorised GET /metrics on a new connection, or None past 5 s."""
    started = time.monotonic()
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), 5)
        writer.write(f"GET /metrics HTTP/1.1\r\nHost: {host}\r\nAuthorization: {authorization}\r\nConnection: close\r\n\r\n".encode())
        await writer.drain()
        answer = await asyncio.wait_for(reader.read(), 5 - (time.monotonic() - started))
        writer.close()
        if not answer.startswith(b"HTTP/1.1 200"):
            return None
        return time.monotonic() - started
    except (OSError, asyncio.TimeoutError, ConnectionError):
        return None


async def main():
    stop = time.monotonic() + seconds
    tasks = []
    for i in range(connections):  # in batches: the listen backlog is 256
        tasks.append(asyncio.create_task(trickler(i, stop)))
        if i % 100 == 99:
            await asyncio.sleep(0.2)
    ramp = time.monotonic() + min(15, seconds / 2)  # past a cap, not all can be open
    while open_now < connections * 0.95 and time.monotonic() < ramp:
        await asyncio.sleep(0.1)
    print(f"trickling connections open: {open_now} of {connections}", flush=True)
    latencies, failed, open_at_scrape = [], 0, []
    while time.monotonic() < stop - 1:
        open_at_scrape.append(open_now)
        took = await scrape()
        if took is None:
            failed += 1
        else:
            latencies.append(took)
        await asyncio.sleep(0.5)
    await asyncio.gather(*tasks, return_exceptions=True)
    if latencies:
        print(f"authorised /metrics scrapes: {len(latencies)} answered, {failed} failed or over 5 s; "
              f"median {statistics.median(latencies) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms")
    else:
        print(f"authorised /metrics scrapes: none answered, {failed} failed or over 5 s")
    print(f"trickling connections open during the scrapes: min {min(open_at_scrape, default=0)}, "
          f"max {max(open_at_scrape, default=0)}; connects refused or timed out: {refused}")
    if lifetimes:
        print(f"serve cut {len(lifetimes)} trickling connections, after a median {statistics.median(lifetimes):.1f} s")
    else:
        print("serve cut no trickling connection")
    sys.exit(0 if latencies and failed == 0 and max(latencies) < 1 else 1)


asyncio.run(main())
