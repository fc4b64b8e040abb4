import { injectable } from 'inversify';
import { Disposable, type Clock } from '@rapport/sdk';

/** The real clock. Timers are unref'd so that they never keep a stopping process alive. */
@injectable()
export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }

  setTimer(ms: number, callback: () => void): Disposable {
    const timer = setTimeout(callback, ms);
    timer.unref();
    return Disposable.create(() => clearTimeout(timer));
  }
}
