#!/usr/bin/env node
// lwm2m-client.js - a real LwM2M client (lwm2m-node-lib 1.4.0) for the lwm2m-replay tests.
//
//   node lwm2m-client.js --server HOST:PORT --ep NAME [--ept N] [--lifetime S] [--lwm2m V]
//        [--objects '</1/0>,</3/0>'] [--updates N] [--update-interval-ms M] [--linger-ms M]
//        [--timeout-ms M] [--log-level LEVEL]
//
// Registers, sends N Updates (M ms apart, the first M ms after the Register), waits --linger-ms,
// de-registers and exits 0. Meanwhile it answers the server's Read/Write/Execute/Discover/
// Observe. Prints one JSON object per line on stdout (see README.md in this folder).
'use strict';

const path = require('path');

for (const name of Object.keys(process.env)) {
  if (name.startsWith('LWM2M_')) delete process.env[name];
}

const USAGE = `usage: node lwm2m-client.js --server HOST:PORT --ep NAME [--ept N] [--lifetime S]
       [--lwm2m V] [--objects '</1/0>,</3/0>'] [--updates N] [--update-interval-ms M]
       [--linger-ms M] [--timeout-ms M] [--log-level DEBUG|INFO|WARN|ERROR|FATAL]

A real LwM2M client (lwm2m-node-lib 1.4.0). HOST is 127.0.0.1 or [::1]. Registers as NAME,
sends N Updates, answers the server's requests, de-registers after --linger-ms and exits 0.
Resources /3/0/0..3 hold "lwm2m-ept", "replay-test", "0001", "1.0" when /3/0 is an object.`;

function fail(message) {
  process.stderr.write(`lwm2m-client.js: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const options = {
    host: null,
    port: null,
    ep: null,
    ept: null,
    lifetime: 60,
    lwm2m: '1.0',
    objects: '</1/0>,</3/0>',
    updates: 0,
    updateIntervalMs: 300,
    lingerMs: 500,
    timeoutMs: 30000,
    logLevel: 'FATAL',
  };
  const int = (name, text) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0) fail(`${name} needs a whole number, got '${text}'`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) fail(`${arg} needs a value`);
      return argv[++i];
    };
    switch (arg) {
      case '--server': {
        const text = value();
        const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(text);
        if (!m) fail(`--server needs HOST:PORT or [V6]:PORT, got '${text}'`);
        options.host = m[1] || m[2];
        options.port = int('--server port', m[3]);
        break;
      }
      case '--ep': options.ep = value(); break;
      case '--ept': options.ept = int('--ept', value()); break;
      case '--lifetime': options.lifetime = int('--lifetime', value()); break;
      case '--lwm2m': options.lwm2m = value(); break;
      case '--objects': options.objects = value(); break;
      case '--updates': options.updates = int('--updates', value()); break;
      case '--update-interval-ms': options.updateIntervalMs = int('--update-interval-ms', value()); break;
      case '--linger-ms': options.lingerMs = int('--linger-ms', value()); break;
      case '--timeout-ms': options.timeoutMs = int('--timeout-ms', value()); break;
      case '--log-level': options.logLevel = value(); break;
      case '-h': case '--help':
        process.stdout.write(USAGE + '\n');
        process.exit(0);
        break;
      default: fail(`unknown argument '${arg}'`);
    }
  }
  if (!options.host) fail('--server is required');
  if (options.host !== '127.0.0.1' && options.host !== '::1') fail('the server must be 127.0.0.1 or [::1]');
  if (!options.ep) fail('--ep is required');
  return options;
}

const options = parseArgs(process.argv.slice(2));
const udp = options.host === '::1' ? 'udp6' : 'udp4';

function emit(event) {
  process.stdout.write(JSON.stringify(event) + '\n');
}

function transport(address, port) {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

const emitWarning = process.emitWarning;
process.emitWarning = function (warning, ...rest) {
  if (String(warning && warning.message !== undefined ? warning.message : warning).includes('circular dependency')) return;
  return emitWarning.call(this, warning, ...rest);
};

const libDir = path.dirname(require.resolve('lwm2m-node-lib/package.json'));
const coap = require(require.resolve('coap', { paths: [libDir] }));
const logger = require(require.resolve('logops', { paths: [libDir] }));
const client = require('lwm2m-node-lib').client;
logger.setStream(process.stderr);

// The library listens for the server's requests on every address, on the port its last request
// went out from (a new port for every Register and Update, see README.md): bind the listeners to
// loopback only. Each listener is remembered so that exit can close them all.
const listeners = [];
const createServer = coap.createServer;
coap.createServer = function (...args) {
  const server = createServer.apply(this, args);
  const listen = server.listen;
  server.listen = function (port, done) {
    listeners.push(server);
    return listen.call(this, port, options.host, done);
  };
  server.on('request', (req) => {
    const event = {
      event: 'request',
      method: req.method,
      uri: req.url,
      from: transport(req.rsinfo.address, req.rsinfo.port),
      mid: req._packet.messageId,
      token: req._packet.token.toString('hex'),
    };
    // A Discover is a GET with Accept: application/link-format, an Observe a GET with Observe.
    if (req.headers.Accept !== undefined) event.accept = String(req.headers.Accept);
    if (req.headers.Observe !== undefined) event.observe = req.headers.Observe;
    emit(event);
  });
  return server;
};

const config = {
  client: {
    lifetime: String(options.lifetime),
    version: options.lwm2m,
    logLevel: options.logLevel,
    observe: { period: 3000 },
    ipProtocol: udp,
    serverProtocol: udp,
    formats: [{ name: 'lightweightm2m/text', value: 1541 }],
    writeFormat: 'lightweightm2m/text',
  },
  logLevel: options.logLevel,
};

const DEVICE = { 0: 'lwm2m-ept', 1: 'replay-test', 2: '0001', 3: '1.0' };

function finish(code, event) {
  if (event) emit(event);
  for (const server of listeners) {
    try { server.close(); } catch (e) { /* already closed */ }
  }
  process.exit(code);
}

function failWith(step, error) {
  finish(1, {
    event: 'error',
    step,
    error: error ? (error.message || error.name || String(error)) : null,
    code: error && error.code ? error.code : null,
  });
}

const timeout = setTimeout(() => failWith('timeout', { message: `not done after ${options.timeoutMs} ms` }), options.timeoutMs);
timeout.unref();

function createObjects(callback) {
  const uris = options.objects.split(',').map((s) => s.trim()).filter((s) => s.length);
  const bad = uris.find((u) => !/^<\/\d+\/\d+>$/.test(u));
  if (bad) fail(`--objects takes </O/I> entries only (the library lists object instances), got '${bad}'`);
  let pending = uris.length;
  if (!pending) return callback();
  for (const entry of uris) {
    const uri = entry.slice(1, -1);
    client.registry.create(uri, (error) => {
      if (error) return failWith('objects', error);
      if (uri === '/3/0') {
        for (const id of Object.keys(DEVICE)) client.registry.setResource(uri, id, DEVICE[id], () => {});
      }
      if (--pending === 0) callback();
    });
  }
}

function setHandlers(deviceInformation) {
  const info = deviceInformation.serverInfo;
  const handler = (name) => (objectType, objectId, resourceId, value, callback) => {
    const event = { event: name, path: `/${objectType}/${objectId}${resourceId === null || resourceId === undefined ? '' : '/' + resourceId}` };
    if (value !== undefined) event.value = String(value);
    emit(event);
    callback(null);
  };
  client.setHandler(info, 'read', handler('read'));
  client.setHandler(info, 'write', handler('write'));
  client.setHandler(info, 'execute', handler('execute'));
}

client.init(config);
createObjects(() => {
  // The library builds the Register query itself: 'ep=' + NAME + '&lt=...&lwm2m=...&b=U'. It has
  // no way to add a parameter; --ept N rides in the name, giving 'ep=NAME&ept=N&lt=...'.
  const name = options.ept === null ? options.ep : `${options.ep}&ept=${options.ept}`;
  client.register(options.host, options.port, null, name, (error, deviceInformation) => {
    if (error) return failWith('register', error);
    setHandlers(deviceInformation);
    emit({
      event: 'registered',
      ep: options.ep,
      location: '/' + deviceInformation.location.replace(/^\//, ''),
      local: transport(options.host, deviceInformation.localPort),
    });
    let done = 0;
    const update = () => {
      if (done >= options.updates) {
        setTimeout(deregister, options.lingerMs);
        return;
      }
      client.update(deviceInformation, (err, updated) => {
        if (err) return failWith('update', err);
        done++;
        setHandlers(updated);
        emit({ event: 'updated', n: done, location: '/' + updated.location.replace(/^\//, ''), local: transport(options.host, updated.localPort) });
        setTimeout(update, done < options.updates ? options.updateIntervalMs : 0);
      });
    };
    const deregister = () => {
      client.unregister(deviceInformation, (err) => {
        if (err) return failWith('deregister', err);
        finish(0, { event: 'deregistered', location: '/' + deviceInformation.location.replace(/^\//, '') });
      });
    };
    setTimeout(update, options.updates ? options.updateIntervalMs : 0);
  });
});
