/**
 * The `com` standard plugin: input/output devices as values of the type `com.device`. A device is
 * the console (output to the application's output, input from the host's console) or a file
 * opened for READ, WRITE (emptied at open) or APPEND. Misuse (reading a device open for writing,
 * using a closed device) and host failures (a missing file) raise DEVICE interruptions.
 */
import type { SVM, SVM_Parameter } from '../plugin/api/index.js';
import {
  definePlugin, svm_machine_output, svm_parameter_keyword_get, svm_parameter_value_get, svm_value_boolean_new, svm_value_plugin_get_internal,
  svm_value_plugin_new, svm_value_string_new,
} from '../plugin/api/index.js';
import { argumentText, fail, stringArgument } from './arguments.js';
import type { ComHost } from './com-host.js';

type Mode = 'READ' | 'WRITE' | 'APPEND';

/** An open device: the console, or a file with its mode (and, for READ, its text and read position). */
type Device = { kind: 'console'; closed: boolean; ahead?: string | null } | { kind: 'file'; path: string; mode: Mode; text: string; position: number; closed: boolean };

/** The device of an argument, DEVICE when it is closed. */
function openDevice(svm: SVM, name: string, parameter: SVM_Parameter): Device {
  const device = svm_value_plugin_get_internal(svm, svm_parameter_value_get(svm, parameter)) as Device;
  if (device.closed) fail(svm, 'DEVICE', name, `${describe(device)} is closed`);
  return device;
}

/** How a device reads in messages and prints. */
const describe = (device: Device): string => (device.kind === 'console' ? 'console' : `file ${device.path} (${device.mode})`);

/** Runs a host operation, turning its failure into a DEVICE interruption. */
function host<T>(svm: SVM, name: string, operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    return fail(svm, 'DEVICE', name, error instanceof Error ? error.message : String(error));
  }
}

/** The next line of a device open for reading, or null at its end. */
function readLine(svm: SVM, comHost: ComHost, device: Device): string | null {
  if (device.kind === 'console') {
    const line = device.ahead === undefined ? host(svm, 'com.read', () => comHost.readLine()) : device.ahead;
    delete device.ahead;
    return line;
  }
  if (device.position >= device.text.length) return null;
  const end = device.text.indexOf('\n', device.position);
  const line = device.text.slice(device.position, end < 0 ? undefined : end);
  device.position = end < 0 ? device.text.length : end + 1;
  return line;
}

/** A device open for reading, DEVICE otherwise. */
function readable(svm: SVM, parameter: SVM_Parameter): Device {
  const device = openDevice(svm, 'com.read', parameter);
  if (device.kind === 'file' && device.mode !== 'READ') fail(svm, 'DEVICE', 'com.read', `${describe(device)} is not open for reading`);
  return device;
}

/** The `com` plugin module, doing its input and output through `comHost`. */
export function comPlugin(comHost: ComHost) {
  return definePlugin({
    configuration: `PLUGIN com
DEFINE
  TYPE com.device
  INSTRUCTION com.open ( 'CONSOLE' | 'FILE' [ 'READ' 'WRITE' 'APPEND' ]:mode STR:path ) -> com.device
  INSTRUCTION com.write com.device VALUE +
  INSTRUCTION com.read com.device [ 'LINE' 'ALL' ] ? -> STR
  INSTRUCTION com.eof com.device -> BLN
  INSTRUCTION com.close com.device
  INSTRUCTION com.print . *`,
    instruction_open: (svm, argc, argv) => {
      if (argc === 1) return svm_value_plugin_new(svm, 'com.device', { kind: 'console', closed: false } satisfies Device);
      const mode = svm_parameter_keyword_get(svm, argv[1]) as Mode;
      const path = stringArgument(svm, argv[2]);
      const text = mode === 'READ' ? host(svm, 'com.open', () => comHost.readFile(path)) : '';
      if (mode === 'WRITE') host(svm, 'com.open', () => comHost.writeFile(path, '', false));
      return svm_value_plugin_new(svm, 'com.device', { kind: 'file', path, mode, text, position: 0, closed: false } satisfies Device);
    },
    instruction_write: (svm, argc, argv) => {
      const device = openDevice(svm, 'com.write', argv[0]);
      const text = argv.slice(1).map((p) => argumentText(svm, p)).join('');
      if (device.kind === 'console') return svm_machine_output(svm, text);
      if (device.mode === 'READ') fail(svm, 'DEVICE', 'com.write', `${describe(device)} is not open for writing`);
      host(svm, 'com.write', () => comHost.writeFile(device.path, text, true));
    },
    instruction_read: (svm, argc, argv) => {
      const device = readable(svm, argv[0]);
      if (argc === 1 || svm_parameter_keyword_get(svm, argv[1]) === 'LINE') {
        const line = readLine(svm, comHost, device);
        return line === null ? fail(svm, 'DEVICE', 'com.read', `${describe(device)}: nothing left to read (test com.eof first)`) : svm_value_string_new(svm, line);
      }
      const lines: string[] = [];
      for (let line = readLine(svm, comHost, device); line !== null; line = readLine(svm, comHost, device)) lines.push(line);
      return svm_value_string_new(svm, lines.join('\n'));
    },
    instruction_eof: (svm, argc, argv) => {
      const device = readable(svm, argv[0]);
      if (device.kind === 'file') return svm_value_boolean_new(svm, device.position >= device.text.length);
      if (device.ahead === undefined) device.ahead = host(svm, 'com.eof', () => comHost.readLine());
      return svm_value_boolean_new(svm, device.ahead === null);
    },
    instruction_close: (svm, argc, argv) => {
      openDevice(svm, 'com.close', argv[0]).closed = true;
    },
    instruction_print: (svm, argc, argv) => svm_machine_output(svm, `${argv.map((p) => argumentText(svm, p)).join(' ')}\n`),
    type_device_delete: () => undefined, // devices hold no host resources: files are read and written whole
    type_device_copy: (svm, handler) => handler, // a copy is the same device, as a duplicated descriptor
    type_device_compare: (svm, left, right) => (left === right ? 0 : null),
    type_device_print: (svm, handler) => describe(handler as Device),
  });
}
