import type { RouteAnswer } from './core.js';

/** Requests held back at the double (holdRequests): how many came, how many wait, and letting them go. */
export interface HeldRequests {
  /** How many matching requests arrived since the hold began. */
  arrived(): number;
  /** The most that waited at once. */
  mostAtOnce(): number;
  /** Answers every held request (and those still to come) as the double would. */
  release(): void;
}

export interface FaultsApi {
  /** The next requests `METHOD path` get these answers, one each, before the double answers as usual again. */
  failNext(method: string, path: string, answers: RouteAnswer[]): void;
  /** Holds the requests `METHOD path` unanswered until released. */
  holdRequests(method: string, path: string): HeldRequests;
}

export interface Faults {
  api: FaultsApi;
  /** What the double answers instead (a fault), after waiting while the request is held; undefined: as usual. */
  before(method: string, path: string): Promise<RouteAnswer | undefined>;
}

/** GitHub misbehaving on purpose: a 502 or a rate limit for the next requests to a path, or answers held back. */
export function faults(): Faults {
  const failing = new Map<string, RouteAnswer[]>();
  const holds = new Map<string, { waiting: Set<() => void>; released: boolean; arrived: number; most: number }>();
  return {
    api: {
      failNext: (method, path, answers) => void failing.set(`${method} ${path}`, [...(failing.get(`${method} ${path}`) ?? []), ...answers]),
      holdRequests(method, path) {
        const hold = { waiting: new Set<() => void>(), released: false, arrived: 0, most: 0 };
        holds.set(`${method} ${path}`, hold);
        return {
          arrived: () => hold.arrived,
          mostAtOnce: () => hold.most,
          release() {
            hold.released = true;
            holds.delete(`${method} ${path}`);
            for (const go of hold.waiting) go();
          },
        };
      },
    },
    async before(method, path) {
      const key = `${method} ${path}`;
      const hold = holds.get(key);
      if (hold && !hold.released) {
        hold.arrived += 1;
        await new Promise<void>((resolve) => {
          const go = () => {
            hold.waiting.delete(go);
            resolve();
          };
          hold.waiting.add(go);
          hold.most = Math.max(hold.most, hold.waiting.size);
        });
      }
      return failing.get(key)?.shift();
    },
  };
}
