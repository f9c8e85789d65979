#!/usr/bin/env python3
"""A TCP proxy for the soak run: forwards a free local port to PostgreSQL; SIGUSR1 cuts every
connection and refuses new ones (a database outage on the wire), SIGUSR2 restores it."""
import signal, socket, sys, threading

target = (sys.argv[1], int(sys.argv[2]))
cut = False
conns = set()
lock = threading.Lock()

def pipe(a, b):
    try:
        while True:
            data = a.recv(65536)
            if not data:
                break
            b.sendall(data)
    except OSError:
        pass
    finally:
        # shutdown before close: close alone does not wake the other direction's thread blocked in
        # recv, which keeps its socket (and a PostgreSQL backend) open for ever.
        for s in (a, b):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            try:
                s.close()
            except OSError:
                pass
        with lock:
            conns.discard(a)
            conns.discard(b)

def on_cut(*_):
    global cut
    cut = True
    with lock:
        for s in list(conns):
            try:
                s.shutdown(socket.SHUT_RDWR)
                s.close()
            except OSError:
                pass
        conns.clear()

def on_restore(*_):
    global cut
    cut = False

signal.signal(signal.SIGUSR1, on_cut)
signal.signal(signal.SIGUSR2, on_restore)
server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", 0))
server.listen(256)
print(server.getsockname()[1], flush=True)
while True:
    try:
        client, _ = server.accept()
    except InterruptedError:
        continue
    if cut:
        client.close()
        continue
    try:
        upstream = socket.create_connection(target)
    except OSError:
        client.close()
        continue
    with lock:
        conns.add(client)
        conns.add(upstream)
    threading.Thread(target=pipe, args=(client, upstream), daemon=True).start()
    threading.Thread(target=pipe, args=(upstream, client), daemon=True).start()
