import { describe, expect, it } from 'vitest';
import { Pace, PaceBook } from '../../../src/core/runs/pace';

describe('time left from the measured pace', () => {
  it('is unknown until 5 s and a step were measured, then extrapolates the steps left at that pace', () => {
    const p = new Pace();
    p.observe(0, 10);
    expect(p.secondsLeft(100, 0)).toBeNull();
    p.observe(2_000, 12);
    expect(p.secondsLeft(100, 2_000)).toBeNull(); // 2 s is too short to call a pace
    p.observe(10_000, 20); // 10 steps in 10 s: 1 step/s
    expect(p.stepsPerSecond()).toBe(1);
    expect(p.secondsLeft(100, 10_000)).toBe(80);
    expect(p.secondsLeft(100, 15_000)).toBe(75); // the clock runs on between steps
  });

  it('a slower machine gets a longer estimate; loading before the first step is not counted', () => {
    const slow = new Pace();
    slow.observe(60_000, 1); // a minute of loading before step 1
    slow.observe(80_000, 5); // 4 steps in 20 s
    expect(slow.secondsLeft(49, 80_000)).toBe(220);
  });

  it('a step count going back (a resumed run) starts the measure again', () => {
    const p = new Pace();
    p.observe(0, 50);
    p.observe(10_000, 60);
    p.observe(11_000, 5);
    expect(p.stepsPerSecond()).toBeNull();
    expect(p.secondsLeft(100, 11_000)).toBeNull();
  });
});

describe('one pace per run, shared', () => {
  it('what one view observed, another reads: the status bar and the dashboard say the same time left', () => {
    const book = new PaceBook();
    book.observe('a', 0, 10);
    book.observe('a', 10_000, 20);
    book.observe('b', 0, 1);
    expect(book.secondsLeft('a', 100, 10_000)).toBe(80);
    expect(book.secondsLeft('b', 100, 10_000)).toBeNull();
    book.forget('a');
    expect(book.secondsLeft('a', 100, 10_000)).toBeNull();
    expect(book.ids()).toEqual(['b']);
  });
});
