package dev.loadtest.engine.stats;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * A compact binary form of a {@link RunSnapshot} for the runner-to-operator channel ({@code GET
 * /snapshot} with {@code Accept: }{@value #MEDIA_TYPE}); {@code results.json} and the default answer
 * stay JSON. It exists so the operator can fold 1,000 runners' time series in well under a second:
 * endpoint names travel once; histogram buckets as fixed two-byte indices (count one implied, else a
 * varint count follows); an endpoint's total latencies as their difference from the sum of its
 * intervals' (nothing, for a runner's own snapshot: the merge rebuilds the totals from the merged
 * intervals instead of adding every bucket twice); and {@link RunSnapshot.Merger#addWire} decodes
 * straight into its sums without building a snapshot. Exact: bucket indices are those of the shared
 * {@link Latencies} histogram, and sums and differences are integers.
 *
 * <pre>
 * "LTS" version(1)                      4 bytes
 * lowest highest digits                 varints: the histogram configuration, checked on read
 * format name runners startEpochMs intervalMs elapsedMs maxUsers iterations dropped
 * endpoints: n, n names                 names as varint length + 1 (0: null) and UTF-8
 * totals: n, n × (endpoint, counters, plus, minus)
 *         latencies = plus + (the endpoint's histograms of all intervals) - minus
 * endpoints in intervals only: n, n × (endpoint, minus)     what to take away again from the totals
 * checks: n, n × (endpoint name, check name, passed, failed)
 * intervals: n, n × (index users iterations dropped checksPassed checksFailed, m, m × (endpoint, counters, histogram))
 * counters: success http4xx http5xx timeout connectionError checkFailed bytesSent bytesReceived clamped
 * histogram: b, length in bytes of the buckets, b × bucket
 * bucket: 2 bytes little-endian: bucket index (low 15 bits); top bit set: a varint count follows, else 1
 * CRC32C of everything before it       4 bytes, big-endian
 * </pre>
 *
 * Other numbers are varints; those that are signed in the model (all but counts of elements,
 * lengths and endpoint numbers) are zigzag-encoded.
 */
public final class SnapshotWire {
    /** The media type to ask for and to answer with. */
    public static final String MEDIA_TYPE = "application/vnd.loadtest.snapshot";

    private static final byte[] MAGIC = {'L', 'T', 'S', 1};

    private SnapshotWire() {}

    public static byte[] write(RunSnapshot s) {
        Writer w = new Writer(4096);
        w.bytes(MAGIC);
        w.varint(Latencies.LOWEST_MICROS);
        w.varint(Latencies.HIGHEST_MICROS);
        w.varint(Latencies.DIGITS);
        w.zigzag(s.format);
        w.string(s.name);
        w.zigzag(s.runners);
        w.zigzag(s.startEpochMs);
        w.zigzag(s.intervalMs);
        w.zigzag(s.elapsedMs);
        w.zigzag(s.maxUsers);
        w.zigzag(s.iterations);
        w.zigzag(s.dropped);
        Set<String> names = new LinkedHashSet<>(s.totals.keySet());
        for (IntervalStats i : s.intervals) {
            names.addAll(i.endpoints.keySet());
        }
        Map<String, Integer> ids = new HashMap<>();
        w.varint(names.size());
        for (String n : names) {
            ids.put(n, ids.size());
            w.string(n);
        }
        w.varint(s.totals.size());
        long[] difference = new long[Buckets.COUNT];
        s.totals.forEach((name, stats) -> {
            w.varint(ids.get(name));
            w.counters(stats);
            difference(s, name, difference);
            w.difference(difference, 1);
            w.difference(difference, -1);
        });
        Set<String> intervalsOnly = new LinkedHashSet<>(names);
        intervalsOnly.removeAll(s.totals.keySet());
        w.varint(intervalsOnly.size());
        for (String name : intervalsOnly) {
            w.varint(ids.get(name));
            difference(s, name, difference);
            w.difference(difference, -1);
        }
        w.varint(s.checks.size());
        for (CheckStats c : s.checks) {
            w.string(c.endpoint);
            w.string(c.check);
            w.zigzag(c.passed);
            w.zigzag(c.failed);
        }
        w.varint(s.intervals.size());
        for (IntervalStats i : s.intervals) {
            w.zigzag(i.index);
            w.zigzag(i.users);
            w.zigzag(i.iterations);
            w.zigzag(i.dropped);
            w.zigzag(i.checksPassed);
            w.zigzag(i.checksFailed);
            w.varint(i.endpoints.size());
            i.endpoints.forEach((name, stats) -> {
                w.varint(ids.get(name));
                w.counters(stats);
                w.histogram(stats.latencyEncoded());
            });
        }
        CRC32C crc = new CRC32C();
        crc.update(w.out, 0, w.pos);
        int c = (int) crc.getValue();
        w.bytes(new byte[] {(byte) (c >>> 24), (byte) (c >>> 16), (byte) (c >>> 8), (byte) c});
        return Arrays.copyOf(w.out, w.pos);
    }

    /**
     * Sets {@code into[bucket]} to the count of endpoint {@code name}'s total latencies in that
     * bucket minus its intervals' (for a runner's own snapshot: zero everywhere).
     */
    static void difference(RunSnapshot s, String name, long[] into) {
        Arrays.fill(into, 0);
        EndpointStats totals = s.totals.get(name);
        if (totals != null && totals.latencyEncoded() != null) { // null: no latencies (JSON without latencyMicros)
            SparseHistograms.decode(totals.latencyEncoded(), (value, count) -> into[Buckets.index(value)] += count);
        }
        for (IntervalStats i : s.intervals) {
            EndpointStats e = i.endpoints.get(name);
            if (e != null && e.latencyEncoded() != null) {
                SparseHistograms.decode(e.latencyEncoded(), (value, count) -> into[Buckets.index(value)] -= count);
            }
        }
    }

    /**
     * Builds the snapshot (histograms sparse-encoded, as when read from JSON). The body is checked
     * whole first, as for a merge: {@link IllegalArgumentException} if damaged or malformed.
     */
    public static RunSnapshot read(byte[] wire) {
        check(wire, new RunSnapshot.Merger());
        Reader r = reopen(wire);
        RunSnapshot s = header(r);
        String[] names = r.names();
        Map<String, SparseAccumulator> plus = new HashMap<>();
        Map<String, SparseAccumulator> minus = new HashMap<>();
        for (int n = r.count(); n > 0; n--) {
            String name = r.name(names);
            s.totals.put(name, r.counters());
            plus.put(name, r.histogram(new SparseAccumulator()));
            minus.put(name, r.histogram(new SparseAccumulator()));
        }
        for (int n = r.count(); n > 0; n--) {
            r.name(names);
            r.histogram(new SparseAccumulator()); // only for merges
        }
        for (int n = r.count(); n > 0; n--) {
            s.checks.add(new CheckStats(r.string(), r.string(), r.zigzag(), r.zigzag()));
        }
        for (int n = r.count(); n > 0; n--) {
            IntervalStats i = new IntervalStats();
            i.index = r.zigzagInt();
            i.users = r.zigzagInt();
            i.iterations = r.zigzag();
            i.dropped = r.zigzag();
            i.checksPassed = r.zigzag();
            i.checksFailed = r.zigzag();
            for (int m = r.count(); m > 0; m--) {
                String name = r.name(names);
                EndpointStats e = r.counters();
                SparseAccumulator latencies = r.histogram(new SparseAccumulator());
                e.setEncoded(latencies.encode());
                i.endpoints.put(name, e);
                if (plus.containsKey(name)) {
                    plus.get(name).addAll(latencies);
                }
            }
            s.intervals.add(i);
        }
        r.end();
        s.totals.forEach((name, e) -> {
            SparseAccumulator latencies = plus.get(name);
            latencies.subtractAll(minus.get(name));
            e.setEncoded(latencies.encode());
        });
        return s;
    }

    /** The body's header: format, name, runners, start, interval, elapsed time, users, iterations. */
    private static RunSnapshot header(Reader r) {
        RunSnapshot s = new RunSnapshot();
        s.format = r.zigzagInt();
        s.name = r.string();
        s.runners = r.zigzagInt();
        s.startEpochMs = r.zigzag();
        s.intervalMs = r.zigzag();
        s.elapsedMs = r.zigzag();
        s.maxUsers = r.zigzagInt();
        s.iterations = r.zigzag();
        s.dropped = r.zigzag();
        return s;
    }

    /**
     * Decodes straight into {@code into}'s sums (see {@link RunSnapshot.Merger#addWire}): all or
     * nothing. The whole body is checked first ({@link #check}) without changing anything; only a
     * body that passes is added, and adding it cannot fail.
     */
    static void mergeInto(byte[] wire, RunSnapshot.Merger into) {
        long latencies = check(wire, into);
        Reader r = reopen(wire);
        RunSnapshot h = header(r);
        long startEpochMs = h.startEpochMs;
        String[] names = r.names();
        DeferredSums deferred = into.deferred();
        into.header(h.name, h.runners, startEpochMs, h.intervalMs, h.elapsedMs, h.maxUsers, h.iterations, h.dropped);
        into.latenciesAdded(latencies);
        int body = deferred.body(wire);
        int[] ids = new int[names.length];
        for (int k = 0; k < names.length; k++) {
            ids[k] = into.id(names[k]);
        }
        RunSnapshot.EndpointSums totals = into.totals();
        RunSnapshot.EndpointSums totalsMinus = into.totalsMinus();
        for (int n = r.count(); n > 0; n--) {
            int id = ids[r.endpoint(ids.length)];
            r.countersInto(totals, id);
            r.deferHistogram(totals.latencies(id), deferred, body);
            r.deferHistogram(totalsMinus.latencies(id), deferred, body);
        }
        for (int n = r.count(); n > 0; n--) {
            int id = ids[r.endpoint(ids.length)];
            r.deferHistogram(totalsMinus.latencies(id), deferred, body);
        }
        for (int n = r.count(); n > 0; n--) {
            into.check(r.string(), r.string(), r.zigzag(), r.zigzag());
        }
        for (int n = r.count(); n > 0; n--) {
            RunSnapshot.Slot slot = into.slot(startEpochMs, r.zigzagInt());
            slot.add(r.zigzagInt(), r.zigzag(), r.zigzag(), r.zigzag(), r.zigzag());
            for (int m = r.count(); m > 0; m--) {
                int id = ids[r.endpoint(ids.length)];
                r.countersInto(slot.endpoints, id);
                r.deferHistogram(slot.endpoints.latencies(id), deferred, body);
            }
        }
        r.end();
        deferred.bodyDone();
    }

    /**
     * Checks a whole body for {@link #mergeInto} and changes nothing: checksum and histogram
     * configuration; every number a well-formed varint, every count, length and endpoint number in
     * range and every int an int; endpoint names present and distinct, and no endpoint twice in one
     * list; every histogram's buckets valid (a bucket of the configuration, a count of at least one)
     * and taking exactly its declared bytes; the interval length the merge's; what the body takes
     * away from an endpoint's totals no more than it adds to them, bucket by bucket (so the merge's
     * totals never go below zero); and the merge's latencies within what an accumulator counts.
     * Returns how many latencies the body adds; throws {@link IllegalArgumentException} otherwise.
     */
    static long check(byte[] wire, RunSnapshot.Merger into) {
        Reader r = open(wire);
        r.zigzagInt(); // format
        r.string(); // name
        if (r.zigzagInt() < 1) {
            throw new IllegalArgumentException("damaged snapshot: fewer than one runner");
        }
        r.zigzag(); // startEpochMs
        long intervalMs = r.zigzag();
        r.nonNegative("elapsed time");
        r.nonNegative("users");
        r.nonNegative("iterations");
        r.nonNegative("dropped iterations");
        into.checkIntervalMs(intervalMs);
        String[] names = r.names();
        int[] listed = new int[names.length]; // the last list each endpoint was in: none twice in one
        int list = 1; // the totals and the endpoints in intervals only: one list
        long latencies = 0;
        SparseAccumulator[] added = null; // per endpoint the body takes something from: what it adds
        int[] minusAt = null;
        for (int n = r.count(); n > 0; n--) {
            int e = r.endpoint(names.length);
            r.once(listed, e, list);
            r.skipCounters();
            int plusAt = r.pos;
            latencies += r.checkHistogram();
            int minus = r.pos;
            long taken = r.checkHistogram();
            if (taken > 0) {
                if (added == null) {
                    added = new SparseAccumulator[names.length];
                    minusAt = new int[names.length];
                }
                added[e] = r.histogramAt(plusAt, new SparseAccumulator());
                minusAt[e] = minus;
                latencies += taken;
            }
            if (latencies > SparseAccumulator.MAX_COUNT) {
                throw new IllegalArgumentException("damaged snapshot: more than 2^48 latencies");
            }
        }
        for (int n = r.count(); n > 0; n--) {
            int e = r.endpoint(names.length);
            r.once(listed, e, list);
            int minus = r.pos;
            long taken = r.checkHistogram();
            if (taken > 0) {
                if (added == null) {
                    added = new SparseAccumulator[names.length];
                    minusAt = new int[names.length];
                }
                added[e] = new SparseAccumulator();
                minusAt[e] = minus;
                latencies += taken;
            }
            if (latencies > SparseAccumulator.MAX_COUNT) {
                throw new IllegalArgumentException("damaged snapshot: more than 2^48 latencies");
            }
        }
        for (int n = r.count(); n > 0; n--) {
            r.string();
            r.string();
            r.nonNegative("check passes");
            r.nonNegative("check failures");
        }
        int intervals = r.count();
        if (intervals > 0 && intervalMs <= 0) {
            throw new IllegalArgumentException("damaged snapshot: intervals of " + intervalMs + " ms");
        }
        for (int n = intervals; n > 0; n--) {
            r.nonNegative("interval index");
            r.nonNegative("interval users");
            for (int k = 0; k < 4; k++) {
                r.nonNegative("interval figures"); // iterations dropped checksPassed checksFailed
            }
            list++;
            for (int m = r.count(); m > 0; m--) {
                int e = r.endpoint(names.length);
                r.once(listed, e, list);
                r.skipCounters();
                int at = r.pos;
                latencies += r.checkHistogram();
                if (latencies > SparseAccumulator.MAX_COUNT) {
                    throw new IllegalArgumentException("damaged snapshot: more than 2^48 latencies");
                }
                if (added != null && added[e] != null) {
                    r.histogramAt(at, added[e]);
                }
            }
        }
        r.end();
        if (added != null) {
            for (int e = 0; e < added.length; e++) {
                if (added[e] != null) {
                    added[e].subtractAll(r.histogramAt(minusAt[e], new SparseAccumulator()));
                }
            }
        }
        if (latencies > into.latenciesLeft()) {
            throw new IllegalArgumentException("cannot merge: more than 2^48 latencies in one merge");
        }
        return latencies;
    }

    /** A reader after the histogram configuration of a body {@link #check} has passed: not checked again. */
    private static Reader reopen(byte[] wire) {
        Reader r = new Reader(wire, MAGIC.length, wire.length - 4);
        r.varint();
        r.varint();
        r.varint();
        return r;
    }

    /** A reader after the histogram configuration, once the magic, checksum and configuration hold. */
    private static Reader open(byte[] wire) {
        if (wire.length < MAGIC.length + 4 || !Arrays.equals(wire, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IllegalArgumentException("not a snapshot in the binary wire format (version 1)");
        }
        int limit = wire.length - 4;
        CRC32C crc = new CRC32C();
        crc.update(wire, 0, limit);
        int expected = ((wire[limit] & 0xff) << 24)
                | ((wire[limit + 1] & 0xff) << 16)
                | ((wire[limit + 2] & 0xff) << 8)
                | (wire[limit + 3] & 0xff);
        if ((int) crc.getValue() != expected) {
            throw new IllegalArgumentException("damaged snapshot: checksum mismatch");
        }
        Reader r = new Reader(wire, MAGIC.length, limit);
        if (r.varint() != Latencies.LOWEST_MICROS
                || r.varint() != Latencies.HIGHEST_MICROS
                || r.varint() != Latencies.DIGITS) {
            throw new IllegalArgumentException("snapshot recorded with another histogram configuration");
        }
        return r;
    }

    private static final class Writer {
        byte[] out;
        int pos;

        Writer(int size) {
            out = new byte[Math.max(16, size)];
        }

        private void room(int n) {
            if (out.length - pos < n) {
                out = Arrays.copyOf(out, Math.max(out.length * 2, pos + n));
            }
        }

        void bytes(byte[] b) {
            room(b.length);
            System.arraycopy(b, 0, out, pos, b.length);
            pos += b.length;
        }

        void varint(long v) {
            room(10);
            pos = SparseHistograms.writeVarLong(out, pos, v);
        }

        void zigzag(long v) {
            varint((v << 1) ^ (v >> 63));
        }

        void string(String s) {
            if (s == null) {
                varint(0);
                return;
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            varint(b.length + 1L);
            bytes(b);
        }

        void counters(EndpointStats s) {
            long[] c = new long[EndpointStats.COUNTERS];
            s.addCountsTo(c, 0);
            for (long v : c) {
                zigzag(v);
            }
        }

        /** A sparse-encoded histogram (value-delta pairs, see {@link SparseHistograms}) as buckets. */
        void histogram(byte[] values) {
            Writer buckets = new Writer(values == null ? 0 : values.length * 2);
            int[] n = {0};
            if (values != null) {
                SparseHistograms.decode(values, (value, count) -> {
                    buckets.room(12);
                    buckets.pos = SparseAccumulator.writeIndexed(buckets.out, buckets.pos, Buckets.index(value), count);
                    n[0]++;
                });
            }
            buckets(buckets, n[0]);
        }

        /** The buckets of {@code difference} with the sign of {@code sign}, as a histogram. */
        void difference(long[] difference, int sign) {
            Writer buckets = new Writer(64);
            int n = 0;
            for (int i = 0; i < difference.length; i++) {
                long count = difference[i] * sign;
                if (count > 0) {
                    buckets.room(12);
                    buckets.pos = SparseAccumulator.writeIndexed(buckets.out, buckets.pos, i, count);
                    n++;
                }
            }
            buckets(buckets, n);
        }

        private void buckets(Writer buckets, int n) {
            varint(n);
            varint(buckets.pos);
            room(buckets.pos);
            System.arraycopy(buckets.out, 0, out, pos, buckets.pos);
            pos += buckets.pos;
        }
    }

    private static final class Reader {
        final byte[] in;
        int pos;
        final int limit;

        Reader(byte[] in, int pos, int limit) {
            this.in = in;
            this.pos = pos;
            this.limit = limit;
        }

        long varint() {
            long v = 0;
            int shift = 0;
            byte b;
            do {
                if (pos >= limit) {
                    throw new IllegalArgumentException("damaged snapshot: bad number at byte " + pos);
                }
                b = in[pos++];
                if (shift == 63 && (b & 0xff) > 1) { // a tenth byte holds one bit: more is no long
                    throw new IllegalArgumentException("damaged snapshot: overlong number at byte " + (pos - 1));
                }
                v |= (long) (b & 0x7f) << shift;
                shift += 7;
            } while (b < 0);
            return v;
        }

        long zigzag() {
            long v = varint();
            return (v >>> 1) ^ -(v & 1);
        }

        int zigzagInt() {
            long v = zigzag();
            if (v != (int) v) {
                throw new IllegalArgumentException("damaged snapshot: " + v + " is no int, before byte " + pos);
            }
            return (int) v;
        }

        /** A count of elements or bytes that follow (each element takes at least one byte). */
        int count() {
            long n = varint();
            if (n < 0 || n > limit - pos) {
                throw new IllegalArgumentException("damaged snapshot: " + n + " elements at byte " + pos);
            }
            return (int) n;
        }

        int endpoint(int endpoints) {
            long e = varint();
            if (e < 0 || e >= endpoints) {
                throw new IllegalArgumentException("damaged snapshot: endpoint " + e + " of " + endpoints);
            }
            return (int) e;
        }

        String string() {
            long n = varint();
            if (n == 0) {
                return null;
            }
            if (n < 0 || n - 1 > limit - pos) {
                throw new IllegalArgumentException("damaged snapshot: string of " + (n - 1) + " bytes at " + pos);
            }
            String s = new String(in, pos, (int) n - 1, StandardCharsets.UTF_8);
            pos += (int) n - 1;
            return s;
        }

        /** The endpoint names: present and distinct. */
        String[] names() {
            String[] names = new String[count()];
            Set<String> seen = new java.util.HashSet<>();
            for (int k = 0; k < names.length; k++) {
                names[k] = string();
                if (names[k] == null || !seen.add(names[k])) {
                    throw new IllegalArgumentException(
                            "damaged snapshot: endpoint name " + names[k] + " null or twice");
                }
            }
            return names;
        }

        /** Marks endpoint {@code e} as in list {@code list}; it must not be in it yet. */
        void once(int[] listed, int e, int list) {
            if (listed[e] == list) {
                throw new IllegalArgumentException("damaged snapshot: endpoint " + e + " twice in one list");
            }
            listed[e] = list;
        }

        void skipCounters() {
            for (int k = 0; k < EndpointStats.COUNTERS; k++) {
                nonNegative("request counts");
            }
        }

        /** A count, which no runner can have below zero. */
        long nonNegative(String what) {
            long v = zigzag();
            if (v < 0) {
                throw new IllegalArgumentException("damaged snapshot: negative " + what + " (" + v + ")");
            }
            return v;
        }

        /** Checks the histogram here and steps over it; returns how many latencies it holds. */
        long checkHistogram() {
            int buckets = count();
            int length = count();
            long n = SparseAccumulator.checkIndexed(in, pos, pos + length, buckets);
            pos += length;
            return n;
        }

        /** Adds the (checked) histogram at {@code at} into {@code into}, not moving; returns {@code into}. */
        SparseAccumulator histogramAt(int at, SparseAccumulator into) {
            int here = pos;
            pos = at;
            histogram(into);
            pos = here;
            return into;
        }

        String name(String[] names) {
            return names[endpoint(names.length)];
        }

        EndpointStats counters() {
            long[] c = new long[EndpointStats.COUNTERS];
            for (int k = 0; k < c.length; k++) {
                c[k] = zigzag();
            }
            return new EndpointStats().setCounts(c, 0);
        }

        void countersInto(RunSnapshot.EndpointSums sums, int id) {
            sums.latencies(id); // makes room and marks the endpoint present
            long[] c = sums.counts();
            int off = id * EndpointStats.COUNTERS;
            for (int k = 0; k < EndpointStats.COUNTERS; k++) {
                c[off + k] += zigzag();
            }
        }

        /** Adds a histogram the whole-body check has passed into {@code into} now; returns {@code into}. */
        SparseAccumulator histogram(SparseAccumulator into) {
            int buckets = count();
            int length = count();
            int stop = pos + length;
            pos = into.addChecked(in, pos, buckets); // read() and check() have checked it (checkHistogram)
            if (pos != stop) {
                throw new IllegalArgumentException("damaged snapshot: histogram of " + length + " bytes is not");
            }
            return into;
        }

        /** Hands a histogram to {@code deferred} for adding into {@code into} with a batch of bodies. */
        void deferHistogram(SparseAccumulator into, DeferredSums deferred, int body) {
            int buckets = count();
            int length = count();
            if (buckets > length) {
                throw new IllegalArgumentException("damaged snapshot: " + buckets + " buckets in " + length + " bytes");
            }
            deferred.add(into, body, pos, buckets);
            pos += length;
        }

        void end() {
            if (pos != limit) {
                throw new IllegalArgumentException("damaged snapshot: " + (limit - pos) + " bytes left over");
            }
        }
    }
}
