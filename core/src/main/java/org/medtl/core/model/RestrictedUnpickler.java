package org.medtl.core.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pickle reader for exactly what {@code torch.save(model.state_dict())} writes, and nothing more.
 *
 * <p>A pickle is a program: its GLOBAL and REDUCE opcodes import and call arbitrary Python callables,
 * which is how a malicious {@code .pth} runs code in Python. This reader interprets the data opcodes of
 * protocols 2-4 itself and resolves GLOBAL only against a fixed allow-list: {@code collections.OrderedDict},
 * {@code torch._utils._rebuild_tensor_v2}, {@code torch._utils._rebuild_parameter} and the typed
 * storages {@code torch.*Storage}. Anything else stops reading with a security message. A general
 * library (net.razorvine:pickle) was not used: it maps unknown classes to generic dictionaries instead of
 * refusing them and registers constructors in global static state, so the restriction would depend on
 * everything else in the JVM.
 */
final class RestrictedUnpickler {

    /** A storage reference from BINPERSID: ('storage', storage type, key, location, numel). */
    record StorageRef(String dtype, String key, long numel) {
    }

    /** The result of {@code _rebuild_tensor_v2}: a view onto a storage. */
    record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {
    }

    /** A resolved allowed global. */
    private record Global(String module, String name) {
    }

    private record Mark() {
    }

    private static final Mark MARK = new Mark();

    static final Set<String> STORAGE_TYPES = Set.of("FloatStorage", "DoubleStorage", "HalfStorage", "BFloat16Storage",
            "LongStorage", "IntStorage", "ShortStorage", "CharStorage", "ByteStorage", "BoolStorage");

    private final ByteBuffer in;
    private final String source;
    private final Deque<Object> stack = new ArrayDeque<>();
    private final Map<Integer, Object> memo = new HashMap<>();

    private RestrictedUnpickler(byte[] data, String source) {
        this.in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        this.source = source;
    }

    /** Reads a state-dict pickle; storages come back as {@link StorageRef}, tensors as {@link TensorRef}. */
    static Object load(byte[] data, String source) throws IOException {
        try {
            return new RestrictedUnpickler(data, source).run();
        } catch (java.nio.BufferUnderflowException e) {
            throw new IOException(source + ": the pickle ends early; the file is truncated.", e);
        }
    }

    private Object run() throws IOException {
        while (true) {
            int op = in.get() & 0xff;
            switch (op) {
                case 0x80 -> in.get(); // PROTO
                case 0x95 -> in.getLong(); // FRAME
                case '.' -> {
                    return pop();
                }
                case '(' -> {
                    stack.push(MARK);
                }
                case 'N' -> stack.push(NONE);
                case 0x88 -> stack.push(Boolean.TRUE);
                case 0x89 -> stack.push(Boolean.FALSE);
                case 'K' -> stack.push((long) (in.get() & 0xff));
                case 'M' -> stack.push((long) (in.getShort() & 0xffff));
                case 'J' -> stack.push((long) in.getInt());
                case 0x8a -> stack.push(long1(in.get() & 0xff));
                case 'G' -> stack.push(ByteBuffer.wrap(bytes(8)).getDouble()); // big-endian by the pickle spec
                case 'X' -> stack.push(text(in.getInt()));
                case 0x8c -> stack.push(text(in.get() & 0xff));
                case 'U' -> stack.push(text(in.get() & 0xff));
                case 'T' -> stack.push(text(in.getInt()));
                case 'B' -> stack.push(bytes(in.getInt()));
                case 'C' -> stack.push(bytes(in.get() & 0xff));
                case ')' -> stack.push(List.of());
                case ']' -> stack.push(new ArrayList<>());
                case '}' -> stack.push(new LinkedHashMap<>());
                case 0x85 -> stack.push(List.of(pop()));
                case 0x86 -> {
                    Object b = pop();
                    Object a = pop();
                    stack.push(List.of(a, b));
                }
                case 0x87 -> {
                    Object c = pop();
                    Object b = pop();
                    Object a = pop();
                    stack.push(List.of(a, b, c));
                }
                case 't' -> stack.push(List.copyOf(popMark()));
                case 'l' -> stack.push(new ArrayList<>(popMark()));
                case 'a' -> {
                    Object v = pop();
                    asList(peek()).add(v);
                }
                case 'e' -> {
                    List<Object> items = popMark();
                    asList(peek()).addAll(items);
                }
                case 's' -> {
                    Object v = pop();
                    Object k = pop();
                    asMap(peek()).put(k, v);
                }
                case 'u' -> {
                    List<Object> items = popMark();
                    Map<Object, Object> m = asMap(peek());
                    for (int i = 0; i + 1 < items.size(); i += 2) {
                        m.put(items.get(i), items.get(i + 1));
                    }
                }
                case 'd' -> {
                    List<Object> items = popMark();
                    Map<Object, Object> m = new LinkedHashMap<>();
                    for (int i = 0; i + 1 < items.size(); i += 2) {
                        m.put(items.get(i), items.get(i + 1));
                    }
                    stack.push(m);
                }
                case 'q' -> memo.put(in.get() & 0xff, peek());
                case 'r' -> memo.put(in.getInt(), peek());
                case 0x94 -> memo.put(memo.size(), peek());
                case 'h' -> stack.push(memoGet(in.get() & 0xff));
                case 'j' -> stack.push(memoGet(in.getInt()));
                case 'c' -> stack.push(global(line(), line()));
                case 0x93 -> {
                    String name = (String) pop();
                    String module = (String) pop();
                    stack.push(global(module, name));
                }
                case 'Q' -> stack.push(persistent(pop()));
                case 'R' -> {
                    Object args = pop();
                    Object callable = pop();
                    stack.push(reduce(callable, (List<?>) args));
                }
                case 0x81 -> {
                    Object args = pop();
                    Object cls = pop();
                    stack.push(reduce(cls, (List<?>) args));
                }
                case 'b' -> {
                    pop(); // BUILD: an OrderedDict's __dict__ (torch's _metadata); not needed for the weights
                    if (!(peek() instanceof Map)) {
                        throw refuse("BUILD on " + describe(peek()));
                    }
                }
                default -> throw new IOException(source + ": pickle opcode 0x" + Integer.toHexString(op)
                        + " is not part of a torch state_dict; the file was not written by torch.save(state_dict).");
            }
        }
    }

    private static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    static boolean isNone(Object o) {
        return o == NONE;
    }

    private Object global(String module, String name) throws IOException {
        boolean allowed = (module.equals("collections") && name.equals("OrderedDict"))
                || (module.equals("torch._utils") && (name.equals("_rebuild_tensor_v2") || name.equals("_rebuild_parameter")))
                || (module.equals("torch") && STORAGE_TYPES.contains(name));
        if (!allowed) {
            throw refuse("the global " + module + "." + name);
        }
        return new Global(module, name);
    }

    private IOException refuse(String what) {
        return new IOException("Security: " + source + " asks to load " + what + ". MedTL reads .pth files with a restricted"
                + " reader that accepts only the tensor-rebuilding functions of a torch state_dict, because a pickle can run"
                + " arbitrary code. Save the weights with torch.save(model.state_dict(), file), or, if you trust the file's"
                + " origin, export the model as TorchScript (.pt).");
    }

    private Object persistent(Object pid) throws IOException {
        if (pid instanceof List<?> t && t.size() == 5 && "storage".equals(t.get(0)) && t.get(1) instanceof Global g
                && g.module().equals("torch") && STORAGE_TYPES.contains(g.name())) {
            return new StorageRef(g.name(), String.valueOf(t.get(2)), ((Number) t.get(4)).longValue());
        }
        throw refuse("a persistent object " + describe(pid));
    }

    private Object reduce(Object callable, List<?> args) throws IOException {
        if (!(callable instanceof Global g)) {
            throw refuse("a call of " + describe(callable));
        }
        if (g.name().equals("OrderedDict")) {
            if (!args.isEmpty()) {
                throw refuse("OrderedDict with arguments");
            }
            return new LinkedHashMap<>();
        }
        if (g.name().equals("_rebuild_tensor_v2") && args.size() >= 4 && args.get(0) instanceof StorageRef s) {
            return new TensorRef(s, ((Number) args.get(1)).longValue(), longs(args.get(2)), longs(args.get(3)));
        }
        if (g.name().equals("_rebuild_parameter") && !args.isEmpty() && args.get(0) instanceof TensorRef t) {
            return t;
        }
        throw refuse("the call " + g.module() + "." + g.name() + " with arguments " + describe(args));
    }

    private static long[] longs(Object o) {
        List<?> l = (List<?>) o;
        long[] v = new long[l.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = ((Number) l.get(i)).longValue();
        }
        return v;
    }

    private static String describe(Object o) {
        String s = String.valueOf(o);
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    private Object pop() throws IOException {
        if (stack.isEmpty()) {
            throw new IOException(source + ": malformed pickle (stack underflow).");
        }
        Object o = stack.pop();
        if (o == MARK) {
            throw new IOException(source + ": malformed pickle (unexpected mark).");
        }
        return o;
    }

    private Object peek() throws IOException {
        if (stack.isEmpty()) {
            throw new IOException(source + ": malformed pickle (stack underflow).");
        }
        return stack.peek();
    }

    private List<Object> popMark() throws IOException {
        List<Object> items = new ArrayList<>();
        while (!stack.isEmpty() && stack.peek() != MARK) {
            items.add(0, stack.pop());
        }
        if (stack.isEmpty()) {
            throw new IOException(source + ": malformed pickle (missing mark).");
        }
        stack.pop();
        return items;
    }

    private Object memoGet(int key) throws IOException {
        if (!memo.containsKey(key)) {
            throw new IOException(source + ": malformed pickle (memo " + key + " unset).");
        }
        return memo.get(key);
    }

    @SuppressWarnings("unchecked")
    private List<Object> asList(Object o) throws IOException {
        if (o instanceof ArrayList<?>) {
            return (List<Object>) o;
        }
        throw new IOException(source + ": malformed pickle (append to " + describe(o) + ").");
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> asMap(Object o) throws IOException {
        if (o instanceof Map<?, ?>) {
            return (Map<Object, Object>) o;
        }
        throw new IOException(source + ": malformed pickle (set item on " + describe(o) + ").");
    }

    private long long1(int n) throws IOException {
        if (n > 8) {
            throw new IOException(source + ": integer of " + n + " bytes is too large for a tensor size.");
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (long) (in.get() & 0xff) << (8 * i);
        }
        if (n > 0 && n < 8 && (v & (1L << (8 * n - 1))) != 0) {
            v -= 1L << (8 * n);
        }
        return v;
    }

    private String text(int n) throws IOException {
        return new String(bytes(n), StandardCharsets.UTF_8);
    }

    private byte[] bytes(int n) throws IOException {
        if (n < 0 || n > in.remaining()) {
            throw new IOException(source + ": malformed pickle (a string of " + n + " bytes where " + in.remaining() + " remain).");
        }
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    private String line() {
        StringBuilder sb = new StringBuilder();
        byte c;
        while ((c = in.get()) != '\n') {
            sb.append((char) c);
        }
        return sb.toString();
    }

}
