import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  it('round-trips, never repeats a ciphertext, and refuses a tampered one or another key', () => {
    const box = new SecretBox('key-one');
    const a = box.seal('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
    const b = box.seal('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
    assert.notEqual(a, b);
    assert.ok(!a.includes('wJalr'));
    assert.equal(box.open(a), 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
    const parts = a.split('.');
    parts[3] = (parts[3]![0] === 'A' ? 'B' : 'A') + parts[3]!.slice(1);
    assert.throws(() => box.open(parts.join('.')));
    assert.throws(() => new SecretBox('key-two').open(a));
    assert.throws(() => box.open('plain text'));
  });
});
