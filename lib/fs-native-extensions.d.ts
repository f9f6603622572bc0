/** The part of fs-native-extensions (advisory file locks: OFD locks on Linux, flock on macOS) the product uses. */
declare module 'fs-native-extensions' {
  /** Takes a lock on the open file; false when another open file holds it. Exclusive needs a writable fd. */
  export function tryLock(fd: number, options?: { shared?: boolean }): boolean;
  export function unlock(fd: number): void;
}
