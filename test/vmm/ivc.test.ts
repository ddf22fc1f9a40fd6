/** IVC: the channel range, the channels between VMs, the hypercalls; AxVM's rules, and no leak. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseVmConfig } from '../../src/vmm/config.js';
import { IVC_HEADER_SIZE } from '../../src/vmm/ivc.js';
import { channelSize } from '../../src/vmm/ivc-window.js';
import { runVms } from '../../src/vmm/run-vms.js';
import { Vmm } from '../../src/vmm/vmm.js';
import { assertAxError } from './helpers.js';
import { guestToml, guestVm, kernelOf, testHal } from './vm-helpers.js';

const IDLE = 'push 0\nhalt\n';

function twoVms(): { vmm: Vmm; a: ReturnType<Vmm['createVm']>; b: ReturnType<Vmm['createVm']>; hal: ReturnType<typeof testHal>['hal'] } {
  const { hal } = testHal();
  const vmm = new Vmm(hal);
  const a = vmm.createVm(parseVmConfig(guestToml({ id: 1, name: 'a' }), 'a.toml'), { images: { kernel: kernelOf(IDLE) } });
  const b = vmm.createVm(parseVmConfig(guestToml({ id: 2, name: 'b' }), 'b.toml'), { images: { kernel: kernelOf(IDLE) } });
  return { vmm, a, b, hal };
}

describe('allocIvcChannel / releaseIvcChannel', () => {
  test('sizes are rounded up to 4 KiB, first fit in the range', () => {
    const { vm } = guestVm(IDLE);
    assert.equal(channelSize(1), 0x1000);
    assert.equal(channelSize(0x1001), 0x2000);
    const first = vm.allocIvcChannel(1);
    assert.equal(first, 0x2000_0000);
    assert.equal(vm.allocIvcChannel(0x1001), 0x2000_1000);
    assert.equal(vm.ivcAllocated, 0x3000);
    vm.releaseIvcChannel(first, 1);
    assert.equal(vm.allocIvcChannel(0x1000), first, 'a released run is used again');
  });

  test('the rules: size 0 InvalidInput, no IVC device InvalidInput, exhausted NoMemory, unknown channel NotFound', () => {
    const { vm } = guestVm(IDLE);
    assertAxError(() => vm.allocIvcChannel(0), 'InvalidInput', 'channel size 0');
    assertAxError(() => vm.allocIvcChannel(-5), 'InvalidInput');
    assertAxError(() => vm.allocIvcChannel(0x5000), 'NoMemory', 'IVC range');
    vm.allocIvcChannel(0x4000);
    assertAxError(() => vm.allocIvcChannel(1), 'NoMemory', 'no free run');
    assertAxError(() => vm.releaseIvcChannel(0x2000_1000, 0x1000), 'NotFound');
    assertAxError(() => vm.releaseIvcChannel(0x2000_0000, 0x1000), 'InvalidInput', 'has 16384 bytes');
    assertAxError(() => vm.releaseIvcChannel(0x7000_0000, 0x1000), 'NotFound');
    const plain = guestVm(IDLE, guestToml().replace('["ivc", 0x2000_0000, 0x4000, 2, 0xA, []]', '["nul", 0x2000_0000, 0x4000, 2, 0x0, []]')).vm;
    assertAxError(() => plain.allocIvcChannel(0x1000), 'InvalidInput', 'no IVC channel device');
  });
});

describe('IVC channels between VMs', () => {
  test('publish maps a channel with the header {publisher_id, key}; a subscriber sees the same bytes', () => {
    const { vmm, a, b } = twoVms();
    const published = vmm.ivc.publish(a, 0x77, 100);
    assert.deepEqual(published, { gpa: 0x2000_0000, size: 0x1000 });
    assert.equal(a.readFromGuestOf(published.gpa, 'u64'), 1n, 'publisher_id');
    assert.equal(a.readFromGuestOf(published.gpa + 8, 'u64'), 0x77n, 'key');
    const subscribed = vmm.ivc.subscribe(b, 1, 0x77);
    assert.equal(subscribed.size, 0x1000);
    a.writeToGuestOf(published.gpa + IVC_HEADER_SIZE, 'u32', 0xc0ffee);
    assert.equal(b.readFromGuestOf(subscribed.gpa + IVC_HEADER_SIZE, 'u32'), 0xc0ffee);
    b.writeToGuestOf(subscribed.gpa + IVC_HEADER_SIZE + 8, 'f64', 2.5);
    assert.equal(a.readFromGuestOf(published.gpa + IVC_HEADER_SIZE + 8, 'f64'), 2.5);
  });

  test('the rules: duplicate key AlreadyExists, double subscription AlreadyExists, unknown channel NotFound', () => {
    const { vmm, a, b } = twoVms();
    vmm.ivc.publish(a, 1, 0x1000);
    assertAxError(() => vmm.ivc.publish(a, 1, 0x1000), 'AlreadyExists', 'IVC key 1');
    vmm.ivc.publish(b, 1, 0x1000); // the same key for another publisher is another channel
    vmm.ivc.subscribe(b, 1, 1);
    assertAxError(() => vmm.ivc.subscribe(b, 1, 1), 'AlreadyExists');
    assertAxError(() => vmm.ivc.subscribe(b, 1, 2), 'NotFound', 'has not published IVC key 2');
    assertAxError(() => vmm.ivc.unsubscribe(a, 2, 9), 'NotFound');
    assertAxError(() => vmm.ivc.unpublish(a, 9), 'NotFound');
    assertAxError(() => vmm.ivc.publish(a, 2, 0), 'InvalidInput');
  });

  test('no leak: thousands of publish/subscribe/unsubscribe/unpublish cycles free every window and frame', () => {
    const { vmm, a, b, hal } = twoVms();
    const frames = hal.memory.usedFrames;
    for (let round = 0; round < 2000; round++) {
      const size = 1 + (round % 3) * 0x1000;
      vmm.ivc.publish(a, round, size);
      vmm.ivc.subscribe(b, 1, round);
      if (round % 2 === 0) {
        vmm.ivc.unpublish(a, round);
        vmm.ivc.unsubscribe(b, 1, round);
      } else {
        vmm.ivc.unsubscribe(b, 1, round);
        vmm.ivc.unpublish(a, round);
      }
    }
    assert.equal(a.ivcAllocated + b.ivcAllocated, 0);
    assert.equal(vmm.ivc.hostBytes, 0);
    assert.equal(hal.memory.usedFrames, frames);
  });

  test('a channel outlives its publisher\'s unpublish until the last subscriber leaves; shutdown releases everything', () => {
    const { vmm, a, b, hal } = twoVms();
    vmm.ivc.publish(a, 5, 0x1000);
    const { gpa } = vmm.ivc.subscribe(b, 1, 5);
    vmm.ivc.unpublish(a, 5);
    assert.equal(vmm.ivc.hostBytes, 0x1000);
    assert.equal(b.readFromGuestOf(gpa + 8, 'u64'), 5n);
    b.shutdown();
    assert.equal(vmm.ivc.hostBytes, 0);
    vmm.ivc.publish(a, 6, 0x1000);
    a.shutdown();
    assert.equal(vmm.ivc.hostBytes, 0);
    assert.equal(hal.memory.usedFrames, 0, 'both VMs and all channels are gone');
    assert.deepEqual(vmm.vms, []);
  });

  test('the hypercalls: two guests exchange a word through a channel', () => {
    const publisher = [
      '.data', 'gpa: .word 0', 'size: .word 64', '.text',
      'push 7', 'push gpa', 'push size', 'push 3', 'hcall 3', 'jnz bad', // publish(7, &gpa, &size)
      'push gpa', 'ld32 0', 'push 1234', 'st32 16',
      'wait: push gpa', 'ld32 0', 'ld32 20', 'jz wait',
      'push gpa', 'ld32 0', 'ld32 20', 'halt',
      'bad: push 99', 'halt',
    ].join('\n');
    const subscriber = [
      '.data', 'gpa: .word 0', 'size: .word 0', '.text',
      'again: push 1', 'push 7', 'push gpa', 'push size', 'push 4', 'hcall 4', 'jnz again', // subscribe(1, 7, &gpa, &size)
      'w: push gpa', 'ld32 0', 'ld32 16', 'dup', 'jz w0',
      'addi 1', 'push gpa', 'ld32 0', 'swap', 'st32 20',
      'push size', 'ld32 0', 'halt',
      'w0: pop', 'jmp w',
    ].join('\n');
    const { hal } = testHal();
    const vmm = new Vmm(hal);
    vmm.createVm(parseVmConfig(guestToml({ id: 1, name: 'pub' }), 'p.toml'), { images: { kernel: kernelOf(publisher) }, sliceSteps: 500 }).boot();
    vmm.createVm(parseVmConfig(guestToml({ id: 2, name: 'sub' }), 's.toml'), { images: { kernel: kernelOf(subscriber) }, sliceSteps: 500 }).boot();
    const outcomes = runVms(vmm);
    assert.deepEqual(outcomes.map((o) => [o.vm, o.end, o.code]).sort(), [['pub', 'CpuDown', 1235], ['sub', 'CpuDown', 0x1000]]);
  });

  test('a publish or subscribe whose answer cannot be written (misaligned pointer) is taken back: a retry succeeds', () => {
    // Each guest calls twice, first with gpa_ptr = 3 (misaligned: -InvalidInput), then with good
    // pointers, and halts with first + 100 * second (a channel left behind would make the retry -AlreadyExists).
    const twice = (call: (gpaPointer: string) => string): string => `.data\ngpa: .word 0\nsize: .word 4096\n.text\n${call('3')}\n${call('gpa')}\npush 100\nmul\nadd\nhalt\n`;
    const publisher = twice((at) => `push 7\npush ${at}\npush size\npush 3\nhcall 3`);
    const subscriber = twice((at) => `push 1\npush 8\npush ${at}\npush size\npush 4\nhcall 4`);
    const { hal } = testHal();
    const vmm = new Vmm(hal);
    const a = vmm.createVm(parseVmConfig(guestToml({ id: 1, name: 'pub' }), 'p.toml'), { images: { kernel: kernelOf(publisher) } });
    vmm.createVm(parseVmConfig(guestToml({ id: 2, name: 'sub' }), 's.toml'), { images: { kernel: kernelOf(subscriber) } });
    vmm.ivc.publish(a, 8, 4096);
    for (const vm of vmm.vms) vm.boot();
    assert.deepEqual(runVms(vmm).map((o) => [o.vm, o.code]).sort(), [['pub', -19], ['sub', -19]]);
    assert.equal(vmm.ivc.hostBytes, 0, 'every channel released');
  });

  test('hypercall failures reach the guest as negated error numbers', () => {
    // subscribe to a channel nobody published: -NotFound (30); publish with size 0: -InvalidInput (19)
    const source = '.data\ngpa: .word 0\nsize: .word 0\n.text\npush 9\npush 9\npush gpa\npush size\npush 4\nhcall 4\npush 1\npush gpa\npush size\npush 3\nhcall 3\nadd\nhalt\n';
    const { vm, vmm } = guestVm(source);
    vm.boot();
    assert.deepEqual(runVms(vmm).map((o) => o.code), [-49]);
  });
});
