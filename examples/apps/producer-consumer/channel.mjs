// Channels between processes: chan.send waits while the channel is full, chan.receive waits while
// it is empty (both WAITING instructions: the scheduler runs other processes meanwhile). The
// capacity is the plugin option chan.capacity (-c), 1 by default. Channels carry INT and STR values.
import { definePlugin, pluginApi as api } from 'exvm';

/** Channels by name: buffered items, waiting receivers, waiting senders. Reset for every runtime. */
const channels = new Map();

function channel(svm, parameter) {
  const name = api.svm_value_string_get(svm, api.svm_parameter_value_get(svm, parameter));
  if (!channels.has(name)) channels.set(name, { items: [], receivers: [], senders: [] });
  return channels.get(name);
}

/** A value's type and content, to carry it outside any callback. */
function item(svm, parameter) {
  const value = api.svm_parameter_value_get(svm, parameter);
  return api.svm_value_type_is(svm, value, 'INT') ? { type: 'INT', data: api.svm_value_integer_get(svm, value) } : { type: 'STR', data: api.svm_value_string_get(svm, value) };
}

const valueOf = (svm, carried) => (carried.type === 'INT' ? api.svm_value_integer_new(svm, carried.data) : api.svm_value_string_new(svm, carried.data));

function capacity(svm) {
  const option = api.svm_plugin_get_option(svm, 'chan.capacity');
  return option === null ? 1 : Math.max(1, api.svm_value_integer_get(svm, option));
}

export default definePlugin({
  configuration: `PLUGIN chan
DEFINE
  WAITING INSTRUCTION chan.send STR:channel [ INT STR ]
  WAITING INSTRUCTION chan.receive STR:channel -> [ INT STR ]
  OPTION chan.capacity -c INT`,
  plugin_initialisation: () => channels.clear(),
  instruction_send: (svm, argc, argv) => {
    const target = channel(svm, argv[0]);
    const carried = item(svm, argv[1]);
    const receiver = target.receivers.shift();
    if (receiver !== undefined) return Promise.resolve(receiver(carried));
    if (target.items.length < capacity(svm)) return Promise.resolve(void target.items.push(carried));
    return new Promise((resolve) => target.senders.push({ carried, resolve }));
  },
  instruction_receive: (svm, argc, argv) => {
    const source = channel(svm, argv[0]);
    if (source.items.length > 0) {
      const carried = source.items.shift();
      const sender = source.senders.shift();
      if (sender !== undefined) {
        source.items.push(sender.carried);
        sender.resolve();
      }
      return Promise.resolve(valueOf(svm, carried));
    }
    return new Promise((resolve) => source.receivers.push(resolve)).then((carried) => valueOf(svm, carried));
  },
});
