#!/usr/bin/env node
// lwm2m-server.js - a real LwM2M server (lwm2m-node-lib 1.4.0) for the lwm2m-replay tests.
//
//   node lwm2m-server.js --port N [--host 127.0.0.1|::1] [--read PATH]... [--write PATH=VALUE]...
//        [--observe PATH]... [--discover PATH]... [--execute PATH]... [--ops-delay-ms M]
//        [--conflict-on-duplicate] [--lifetime-check-ms M] [--log-level LEVEL]
//
// Prints one JSON object per line on stdout (see README.md in this folder). The server-initiated
// operations are issued to every device right after it registers, in command-line order, each
// one after the answer to the previous one. Exits 0 on SIGTERM/SIGINT.
'use strict';

const path = require('path');

// lwm2m-node-lib reads LWM2M_PORT, LWM2M_PROTOCOL, LWM2M_REGISTRY_TYPE, ... from the environment
// and lets them override the configuration: a test must not depend on the caller's environment.
for (const name of Object.keys(process.env)) {
  if (name.startsWith('LWM2M_')) delete process.env[name];
}

const USAGE = `usage: node lwm2m-server.js --port N [--host 127.0.0.1|::1]
       [--read PATH]... [--write PATH=VALUE]... [--observe PATH]... [--discover PATH]...
       [--execute PATH]... [--ops-delay-ms M] [--conflict-on-duplicate]
       [--lifetime-check-ms M] [--log-level DEBUG|INFO|WARN|ERROR|FATAL]

A real LwM2M server (lwm2m-node-lib 1.4.0) on UDP HOST:N (N = 0: a free port, reported in the
"listening" event). After each Register it issues the given operations to the device, in order.
PATH is /O/I/R (Discover also takes /O and /O/I). One JSON object per line on stdout.`;

function fail(message) {
  process.stderr.write(`lwm2m-server.js: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const options = {
    port: null,
    host: '127.0.0.1',
    operations: [],
    opsDelayMs: 200,
    conflictOnDuplicate: false,
    lifetimeCheckMs: 1000,
    logLevel: 'FATAL',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) fail(`${arg} needs a value`);
      return argv[++i];
    };
    switch (arg) {
      case '--port': options.port = Number(value()); break;
      case '--host': options.host = value(); break;
      case '--read': case '--observe': case '--execute':
        options.operations.push({ op: arg.slice(2), path: parsePath(value(), 3, 3) });
        break;
      case '--discover':
        options.operations.push({ op: 'discover', path: parsePath(value(), 1, 3) });
        break;
      case '--write': {
        const text = value();
        const eq = text.indexOf('=');
        if (eq < 0) fail(`--write needs PATH=VALUE, got '${text}'`);
        options.operations.push({ op: 'write', path: parsePath(text.slice(0, eq), 3, 3), value: text.slice(eq + 1) });
        break;
      }
      case '--ops-delay-ms': options.opsDelayMs = Number(value()); break;
      case '--conflict-on-duplicate': options.conflictOnDuplicate = true; break;
      case '--lifetime-check-ms': options.lifetimeCheckMs = Number(value()); break;
      case '--log-level': options.logLevel = value(); break;
      case '-h': case '--help':
        process.stdout.write(USAGE + '\n');
        process.exit(0);
        break;
      default: fail(`unknown argument '${arg}'`);
    }
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) fail('--port N (0-65535) is required');
  if (options.host !== '127.0.0.1' && options.host !== '::1') fail('--host must be 127.0.0.1 or ::1');
  if (!Number.isInteger(options.opsDelayMs) || options.opsDelayMs < 0) fail('--ops-delay-ms needs a number');
  if (!Number.isInteger(options.lifetimeCheckMs) || options.lifetimeCheckMs < 1) fail('--lifetime-check-ms needs a number');
  return options;
}

// '/3/0/0' -> ['3', '0', '0']; between min and max numeric segments.
function parsePath(text, min, max) {
  const parts = text.replace(/^\//, '').split('/');
  if (parts.length < min || parts.length > max || !parts.every((p) => /^\d+$/.test(p))) {
    fail(`bad path '${text}': expected ${min === max ? '/O/I/R' : '/O, /O/I or /O/I/R'}`);
  }
  return parts;
}

const options = parseArgs(process.argv.slice(2));
const udp = options.host === '::1' ? 'udp6' : 'udp4';

function emit(event) {
  // stdout is a pipe or a file in the tests: Node writes both synchronously on Linux.
  process.stdout.write(JSON.stringify(event) + '\n');
}

function transport(address, port) {
  if (address === undefined || address === null) return null;
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

function queryObject(query) {
  const result = {};
  if (!query) return result;
  for (const part of query.split('&')) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? null : part.slice(eq + 1);
    if (key in result) {
      result[key] = [].concat(result[key], value);
    } else {
      result[key] = value;
    }
  }
  return result;
}

// mongodb 3.6 (a dependency the in-memory registry never uses) makes Node >= 14 warn about
// circular requires on stderr at load time: drop those warnings only.
const emitWarning = process.emitWarning;
process.emitWarning = function (warning, ...rest) {
  if (String(warning && warning.message !== undefined ? warning.message : warning).includes('circular dependency')) return;
  return emitWarning.call(this, warning, ...rest);
};

// The library and the CoAP module it uses (the same instance: patches below must reach it).
const libDir = path.dirname(require.resolve('lwm2m-node-lib/package.json'));
const coap = require(require.resolve('coap', { paths: [libDir] }));
const logger = require(require.resolve('logops', { paths: [libDir] }));
const lwm2m = require('lwm2m-node-lib').server;
const memoryRegistry = require('lwm2m-node-lib/lib/services/server/inMemoryDeviceRegistry');
logger.setStream(process.stderr); // the library logs to stdout by default: keep stdout JSON only

// Bind the server to --host (the library binds to every address and takes no address option),
// and watch every request it gets: which request, from where, and the answer it got.
const answered = new Map(); // "METHOD path" -> info of the request being handled
let coapServer = null;
const createServer = coap.createServer;
coap.createServer = function (...args) {
  const server = createServer.apply(this, args);
  const listen = server.listen;
  server.listen = function (port, done) {
    return listen.call(this, port, options.host, done);
  };
  server.on('request', watchRequest); // registered before the library's own listener
  coapServer = server;
  return server;
};

function watchRequest(req, res) {
  const url = require('url').parse(req.url);
  const info = {
    method: req.method,
    path: url.pathname,
    query: queryObject(url.query),
    from: transport(req.rsinfo.address, req.rsinfo.port),
    mid: req._packet.messageId,
    token: req._packet.token.toString('hex'),
  };
  answered.set(`${req.method} ${url.pathname}`, info);
  const end = res.end;
  const reset = res.reset;
  let done = false;
  res.reset = function (...args) {
    // The library answers a CoAP ping (an empty CON) with a Reset.
    done = true;
    clearTimeout(timer);
    emit({ event: 'request', ...info, method: 'ping', code: 'RST' });
    return reset.apply(this, args);
  };
  res.end = function (...args) {
    done = true;
    clearTimeout(timer);
    const event = { event: 'request', ...info, code: res.code || null };
    const location = [];
    for (const option of res._packet.options || []) {
      if (option.name === 'Location-Path') location.push(option.value.toString());
    }
    if (location.length) event.location_path = location;
    if (args[0] !== undefined && args[0] !== null && String(args[0]).length) event.payload = String(args[0]);
    emit(event);
    return end.apply(this, args);
  };
  // lwm2m-node-lib leaves some requests without any answer (no route for the method and path,
  // or the same message ID as the request before): say so, once.
  const timer = setTimeout(() => {
    if (!done) emit({ event: 'unanswered', ...info, note: 'lwm2m-node-lib sent no response within 2 s' });
  }, 2000);
  timer.unref();
}

// --conflict-on-duplicate: lwm2m-node-lib itself replaces a registration whose endpoint name is
// already registered (it deletes the old one and hands out a new location). This option makes
// the registry refuse it with 4.09 Conflict when it comes from another address or port.
if (options.conflictOnDuplicate) {
  const register = memoryRegistry.register;
  memoryRegistry.register = function (device, callback) {
    memoryRegistry.getByName(device.name, (error, existing) => {
      if (!error && existing && (existing.address !== device.address || existing.port !== device.port)) {
        callback({
          name: 'CONFLICT',
          message: `endpoint name ${device.name} is already registered at /rd/${existing.id}`,
          code: '4.09',
        });
      } else {
        register.call(memoryRegistry, device, callback);
      }
    });
  };
}

const config = {
  port: options.port,
  lifetimeCheckInterval: options.lifetimeCheckMs,
  udpWindow: 100,
  defaultType: 'Device',
  types: [],
  logLevel: options.logLevel,
  ipProtocol: udp,
  serverProtocol: udp,
  formats: [
    { name: 'application-vnd-oma-lwm2m/text', value: 1541 },
    { name: 'application-vnd-oma-lwm2m/tlv', value: 1542 },
    { name: 'application-vnd-oma-lwm2m/json', value: 1543 },
    { name: 'application-vnd-oma-lwm2m/opaque', value: 1544 },
  ],
  writeFormat: 'text/plain',
  defaultAcceptFormat: 'text/plain',
};

function deviceEvent(name, device) {
  return {
    event: name,
    ep: device.name,
    location: `/rd/${device.id}`,
    lifetime: device.lifetime === undefined ? null : Number(device.lifetime),
    address: transport(device.address, device.port),
  };
}

function describeError(error) {
  if (!error) return null;
  return error.message || error.name || String(error);
}

// Runs the --read/--write/... operations on one device, one after the other.
function runOperations(device) {
  const id = device.id;
  const ops = options.operations.slice();
  function next() {
    const item = ops.shift();
    if (!item) return;
    const [o, i, r] = item.path;
    const pathText = '/' + item.path.join('/');
    const report = (error, value) => {
      const event = { event: item.op, ep: device.name, location: `/rd/${id}`, path: pathText };
      if (item.op === 'write') event.written = item.value;
      if (error) {
        event.code = error.code || null;
        event.error = describeError(error);
      } else {
        event.code = item.op === 'read' || item.op === 'observe' || item.op === 'discover' ? '2.05' : '2.04';
        if (item.op !== 'write' && item.op !== 'execute') event.value = value;
      }
      emit(event);
      next();
    };
    switch (item.op) {
      case 'read': lwm2m.read(id, o, i, r, report); break;
      case 'write': lwm2m.write(id, o, i, r, item.value, report); break;
      case 'execute': lwm2m.execute(id, o, i, r, '', report); break;
      case 'observe':
        lwm2m.observe(id, o, i, r, (value) => {
          emit({ event: 'notify', ep: device.name, location: `/rd/${id}`, path: pathText, value });
        }, report);
        break;
      case 'discover':
        if (item.path.length === 3) lwm2m.discover(id, o, i, r, report);
        else if (item.path.length === 2) lwm2m.discover(id, o, i, report);
        else lwm2m.discover(id, o, report);
        break;
      default: break;
    }
  }
  if (ops.length) setTimeout(next, options.opsDelayMs);
}

let serverInfo = null;
let stopping = false;

lwm2m.start(config, (error, info) => {
  if (error) {
    emit({ event: 'error', error: describeError(error), code: error.code || null });
    process.exit(1);
  }
  serverInfo = info;
  // With --port 0 the socket got a free port: the library sends its own server-initiated
  // requests through that port (it proxies them through itself), so tell it the real one.
  const bound = coapServer._sock.address();
  config.port = bound.port;

  lwm2m.setHandler(serverInfo, 'registration', (ep, lifetime, version, binding, payload, callback) => {
    lwm2m.getDevice(ep, (err, device) => {
      callback();
      if (err) {
        emit({ event: 'error', error: describeError(err), ep });
        return;
      }
      const request = answered.get('POST /rd') || {};
      emit({
        event: 'registered',
        ep,
        location: `/rd/${device.id}`,
        lifetime: lifetime === undefined ? null : Number(lifetime),
        address: transport(device.address, device.port),
        query: request.query || {},
        payload,
      });
      runOperations(device);
    });
  });
  lwm2m.setHandler(serverInfo, 'updateRegistration', (device, payload, callback) => {
    callback();
    const request = answered.get(`POST /rd/${device.id}`) || {};
    emit({ ...deviceEvent('updated', device), query: request.query || {}, payload });
  });
  lwm2m.setHandler(serverInfo, 'unregistration', (device, callback) => {
    callback();
    // The same handler gets the library's lifetime expiry, which has no request behind it.
    const request = answered.get(`DELETE /rd/${device.id}`);
    if (request) answered.delete(`DELETE /rd/${device.id}`);
    emit(deviceEvent(request ? 'deregistered' : 'expired', device));
  });
  // setHandler('unregistration') restarts the lifetime check with the interval read from the
  // wrong object (undefined: Node runs it every millisecond); start it again with ours.
  lwm2m.getRegistry().checkLifetime(options.lifetimeCheckMs, (device, callback) => {
    emit(deviceEvent('expired', device));
    callback();
  });

  emit({ event: 'listening', host: options.host, port: bound.port });
});

function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  const finish = () => {
    emit({ event: 'stopped', signal });
    process.exit(0);
  };
  setTimeout(finish, 1000).unref();
  if (!serverInfo) finish();
  else lwm2m.stop(serverInfo, finish);
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
