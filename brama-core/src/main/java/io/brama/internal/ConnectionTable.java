package io.brama.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The connections by id, the table under {@link Registry} (its superclass rather than a field, so
 * that a lookup by name costs no load more): an open-addressing table (linear probing) that holds
 * the connections themselves, so that a lookup goes from the table straight to the connection,
 * whose id it compares (by reference first, as the caller usually passes the registered string) and whose
 * closed mark {@code available} then reads: across a large registry, one cache miss less than a
 * {@code ConcurrentHashMap}, whose node sits between its table and the value. Lookups take no
 * lock; registrations and removals are serialised by a lock (they are rare, and never on a call's
 * path). The table is kept at most a quarter full, so that a lookup rarely probes a second slot.
 *
 * <p>Removal leaves a tombstone, so that a probe sequence is never cut short; a slot is published
 * with release semantics and read with acquire; a resized or cleaned table is filled before it is
 * published. A reader holding an older table may still find a connection removed meanwhile: that
 * connection is already marked removed, so every operation on it fails as for an unknown id.
 */
sealed class ConnectionTable permits Registry {
  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
  private static final Object TOMBSTONE = new Object();
  private static final int MIN_CAPACITY = 16;

  private volatile Object[] table = new Object[MIN_CAPACITY];
  private final ReentrantLock lock = new ReentrantLock();
  private volatile int size;
  private int tombstones;

  ConnectionTable() {}

  /** The connection registered as {@code id}, or null; {@code id} must not be null. */
  final ConnectionCore get(String id) {
    Object[] t = table;
    int i = home(id.hashCode(), t.length);
    Object e = SLOT.getAcquire(t, i);
    if (e instanceof ConnectionCore c && c.id() == id) {
      return c; // the usual case: the first slot, and the very string that was registered
    }
    return probe(t, i, e, id);
  }

  private static ConnectionCore probe(Object[] t, int start, Object first, String id) {
    int mask = t.length - 1;
    Object e = first;
    for (int i = start; ; ) {
      if (e instanceof ConnectionCore c) {
        if (c.id().equals(id)) {
          return c;
        }
      } else if (e == null) {
        return null;
      }
      i = (i + 1) & mask;
      e = SLOT.getAcquire(t, i);
    }
  }

  /** Adds {@code core} under its id unless one is there: returns the one there, or null. */
  final ConnectionCore putIfAbsent(ConnectionCore core) {
    lock.lock();
    try {
      ConnectionCore existing = get(core.id());
      if (existing != null) {
        return existing;
      }
      if ((size + tombstones + 1) * 4L > table.length) {
        rebuild(capacityFor(size + 1));
      }
      Object[] t = table;
      int mask = t.length - 1;
      int i = home(core.id().hashCode(), t.length);
      Object e;
      while ((e = t[i]) != null && e != TOMBSTONE) {
        i = (i + 1) & mask;
      }
      if (e == TOMBSTONE) {
        tombstones--;
      }
      SLOT.setRelease(t, i, core);
      size++;
      return null;
    } finally {
      lock.unlock();
    }
  }

  /** Removes {@code core} if it is still the one registered under its id. */
  final boolean remove(ConnectionCore core) {
    lock.lock();
    try {
      Object[] t = table;
      int mask = t.length - 1;
      for (int i = home(core.id().hashCode(), t.length); t[i] != null; i = (i + 1) & mask) {
        if (t[i] == core) {
          SLOT.setRelease(t, i, TOMBSTONE);
          size--;
          tombstones++;
          if (tombstones * 8L > t.length) {
            rebuild(capacityFor(size));
          }
          return true;
        }
      }
      return false;
    } finally {
      lock.unlock();
    }
  }

  /** How many connections are registered. */
  final int size() {
    return size;
  }

  /** The connections at one moment of the table (weakly consistent, like a map's values). */
  final List<ConnectionCore> values() {
    Object[] t = table;
    List<ConnectionCore> all = new ArrayList<>(size);
    for (int i = 0; i < t.length; i++) {
      Object e = SLOT.getAcquire(t, i);
      if (e != null && e != TOMBSTONE) {
        all.add((ConnectionCore) e);
      }
    }
    return all;
  }

  /** A new table of {@code capacity} with the live entries and no tombstones; then published. */
  private void rebuild(int capacity) {
    Object[] old = table;
    Object[] fresh = new Object[capacity];
    int mask = capacity - 1;
    for (Object e : old) {
      if (e != null && e != TOMBSTONE) {
        int i = home(((ConnectionCore) e).id().hashCode(), capacity);
        while (fresh[i] != null) {
          i = (i + 1) & mask;
        }
        fresh[i] = e;
      }
    }
    tombstones = 0;
    table = fresh;
  }

  /** A power of two at least four times {@code entries} (a quarter full at most). */
  private static int capacityFor(int entries) {
    long wanted = Math.max(MIN_CAPACITY, entries * 4L);
    if (wanted > 1 << 30) {
      throw new IllegalStateException("too many connections: " + entries);
    }
    return Integer.highestOneBit((int) wanted - 1) << 1;
  }

  /**
   * The first slot for {@code hash} in a table of {@code length} (a power of two): Fibonacci
   * hashing, the top bits of the hash times 2^32 / golden ratio, which puts ids that differ in
   * their last characters (payment-1, payment-2, ...) in distinct, evenly spaced slots.
   */
  static int home(int hash, int length) {
    return (hash * 0x9E3779B9) >>> (Integer.numberOfLeadingZeros(length) + 1);
  }
}
