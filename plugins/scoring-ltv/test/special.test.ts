import { describe, expect, it } from 'vitest';
import { hyp2f1, lnGamma } from '../src/math/special.js';
import { nelderMead } from '../src/math/nelderMead.js';

describe('lnGamma', () => {
  it('matches Γ at points known in closed form', () => {
    expect(lnGamma(1)).toBeCloseTo(0, 14);
    expect(lnGamma(2)).toBeCloseTo(0, 14);
    expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 13); // Γ(½) = √π
    expect(lnGamma(10)).toBeCloseTo(Math.log(362_880), 12); // 9!
    expect(lnGamma(1.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI) / 2), 13); // Γ(3/2) = √π/2
  });

  it('keeps Γ(x+1) = x·Γ(x), below ½ (the reflection) and for large x', () => {
    for (const x of [0.01, 0.3, 0.7, 3.7, 42.5]) expect(lnGamma(x + 1) - lnGamma(x)).toBeCloseTo(Math.log(x), 11);
    let logFactorial = 0;
    for (let k = 2; k <= 170; k++) logFactorial += Math.log(k);
    expect(lnGamma(171) / logFactorial).toBeCloseTo(1, 13); // ln 170!
  });

  it('refuses arguments it is not defined for', () => {
    expect(() => lnGamma(0)).toThrow(/finite positive/);
    expect(() => lnGamma(-1.5)).toThrow(RangeError);
  });
});

describe('hyp2f1', () => {
  it('matches its closed forms', () => {
    // 2F1(1, 1; 2; z) = −ln(1 − z)/z
    for (const z of [-0.5, 0.1, 0.5, 0.99]) expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(-Math.log(1 - z) / z, 11);
    // 2F1(a, b; b; z) = (1 − z)^(−a)
    expect(hyp2f1(0.3, 2.2, 2.2, 0.9)).toBeCloseTo(Math.pow(0.1, -0.3), 11);
    // 2F1(½, ½; 3/2; z²) = arcsin(z)/z
    expect(hyp2f1(0.5, 0.5, 1.5, 0.64)).toBeCloseTo(Math.asin(0.8) / 0.8, 12);
    // A terminating series: 2F1(−2, 3; 4; 0.7) = 1 − 2·3·0.7/4 + (−2)(−1)·3·4·0.49/(2·4·5) = 0.244
    expect(hyp2f1(-2, 3, 4, 0.7)).toBeCloseTo(0.244, 14);
  });

  it('climbs before it falls with large parameters and still converges', () => {
    // 2F1(a, b; b; z) = (1 − z)^(−a), with early terms that grow for a while.
    expect(hyp2f1(60, 3, 3, 0.5) / Math.pow(0.5, -60)).toBeCloseTo(1, 11);
  });

  it('refuses z outside the unit disc, an undefined c, and says when it does not converge', () => {
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(/\|z\| < 1/);
    expect(() => hyp2f1(1, 1, -3, 0.5)).toThrow(/not defined for c = -3/);
    expect(() => hyp2f1(1, 1, 2, 0.999, { maxTerms: 50 })).toThrow(/did not converge within 50 terms/);
  });
});

describe('nelderMead', () => {
  it('finds the minimum of the Rosenbrock function, and never accepts a point outside the domain', () => {
    const rosenbrock = ([x, y]: number[]) => (1 - x!) ** 2 + 100 * (y! - x! ** 2) ** 2;
    const found = nelderMead(rosenbrock, [-1.2, 1]);
    expect(found.converged).toBe(true);
    expect(found.point[0]).toBeCloseTo(1, 5);
    expect(found.point[1]).toBeCloseTo(1, 5);

    // A bowl centred outside x > 0: the minimum on the domain is at its edge, approached from inside.
    const walled = nelderMead(([x]) => (x! > 0 ? (x! + 1) ** 2 : Infinity), [3]);
    expect(walled.point[0]).toBeGreaterThan(0);
    expect(walled.point[0]).toBeLessThan(1e-6);
  });
});
