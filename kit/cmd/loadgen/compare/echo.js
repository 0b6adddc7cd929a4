// The lecture's Node.js echo server, with the workbook's -addr flag, for
// loadgen's compare mode:
//
//   node kit/cmd/loadgen/compare/echo.js -addr 127.0.0.1:8080 [-nodelay]
//
// Node leaves Nagle's algorithm on unless told otherwise; -nodelay turns
// it off, as Go does by default.
'use strict';
const net = require('net');

function flag(name) {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
}

const addr = flag('-addr') || '127.0.0.1:8080';
const colon = addr.lastIndexOf(':');
const host = addr.slice(0, colon).replace(/^\[|\]$/g, '');
const port = Number(addr.slice(colon + 1));
const noDelay = process.argv.includes('-nodelay');

const server = net.createServer((socket) => {
  if (noDelay) socket.setNoDelay(true);
  // socket.pipe(socket) would also pause reading when writes back up; the
  // lecture's version writes from the 'data' handler, so do the same.
  socket.on('data', (data) => {
    if (!socket.write(data)) {
      // Backpressure: stop reading until the kernel has taken the data.
      socket.pause();
      socket.once('drain', () => socket.resume());
    }
  });
  socket.on('error', () => {}); // a reset client is that client's problem
});

server.listen({ host, port, backlog: 4096 }, () => {
  console.log(`echo.js listening on ${addr}`);
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
