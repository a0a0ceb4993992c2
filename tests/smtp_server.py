#!/usr/bin/python3
"""A real SMTP server for the tests, on a loopback port: aiosmtpd from Debian's python3-aiosmtpd.

Usage: smtp_server.py PORT DIR. Prints the port it listens on (PORT 0: a free one), writes each
message it receives to DIR as one JSON file (sender, recipients, subject, plain text, HTML), and
refuses for good (550) every recipient whose address starts with "geweigerd". It stops when its
standard input closes, so it never outlives the test that started it.
"""
import asyncio
import email
import email.policy
import itertools
import json
import os
import sys
import threading
import time

from aiosmtpd.smtp import SMTP


class Handler:
    def __init__(self, folder):
        self.folder = folder
        self.count = itertools.count()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().startswith("geweigerd"):
            return "550 5.1.1 Deze ontvanger bestaat niet"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        text = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        record = {
            "from": envelope.mail_from,
            "to": envelope.rcpt_tos,
            "subject": str(message["subject"]),
            "text": text.get_content() if text else "",
            "html": html.get_content() if html else "",
        }
        path = os.path.join(self.folder, f"{time.time_ns()}-{next(self.count):05}.json")
        with open(path + ".tmp", "w", encoding="utf-8") as out:
            json.dump(record, out)
        os.rename(path + ".tmp", path)
        return "250 Message accepted"


def stop_when_stdin_closes():
    sys.stdin.read()
    os._exit(0)


async def main(port, folder):
    handler = Handler(folder)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(handler, hostname="localhost"), "127.0.0.1", port)
    print(server.sockets[0].getsockname()[1], flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    threading.Thread(target=stop_when_stdin_closes, daemon=True).start()
    asyncio.run(main(int(sys.argv[1]), sys.argv[2]))
