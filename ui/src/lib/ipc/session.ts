import { isNotSignedIn, type Backend } from "./backend";

/**
 * The same backend, but any call the core refuses with `not_signed_in` (the session ended, or
 * someone signed out in another way) also calls `onSignedOut`: the App shows the sign-in screen.
 * The rejection still reaches the caller, which shows it as any other error.
 */
export function watchSession(backend: Backend, onSignedOut: () => void): Backend {
  return wrap(backend, onSignedOut, true);
}

/** The sub-interfaces whose calls are watched too. */
const NESTED = new Set<PropertyKey>(["playback", "access"]);

function wrap<T extends object>(target: T, onSignedOut: () => void, top: boolean): T {
  const made = new Map<PropertyKey, unknown>();
  const watched = (fn: (...args: unknown[]) => unknown) => (...args: unknown[]) => {
    const answer = fn.apply(target, args);
    if (!(answer instanceof Promise)) return answer;
    return answer.catch((err: unknown) => {
      if (isNotSignedIn(err)) onSignedOut();
      throw err;
    });
  };
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value: unknown = Reflect.get(obj, prop, receiver);
      const cached = made.get(prop);
      if (cached !== undefined) return cached;
      if (typeof value === "function") {
        const fn = watched(value as (...args: unknown[]) => unknown);
        made.set(prop, fn);
        return fn;
      }
      if (top && NESTED.has(prop) && typeof value === "object" && value !== null) {
        const nested = wrap(value, onSignedOut, false);
        made.set(prop, nested);
        return nested;
      }
      return value;
    },
  });
}
