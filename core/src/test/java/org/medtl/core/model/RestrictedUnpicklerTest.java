package org.medtl.core.model;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hand-written pickles: the allowed subset is read, everything that imports or calls something else is refused. */
class RestrictedUnpicklerTest {

    private static byte[] pickle(Object... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String s) {
                b.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
            } else {
                b.write((Integer) p);
            }
        }
        return b.toByteArray();
    }

    @Test
    void readsAStateDictShapedPickle() throws IOException {
        // pickle.Pickler(protocol=2) with torch's persistent_id for a state_dict {'w': torch.arange(6.).reshape(2, 3)}
        // (torch 1.13; what torch.save writes to data.pkl)
        byte[] p = java.util.HexFormat.of().parseHex("800263636f6c6c656374696f6e730a4f726465726564446963740a710029527101580100000077710263746f"
                + "7263682e5f7574696c730a5f72656275696c645f74656e736f725f76320a71032828580700000073746f72616765710463746f7263680a466c"
                + "6f617453746f726167650a71055801000000307106580300000063707571074b06747108514b004b024b038671094b034b0186710a896800"
                + "2952710b74710c52710d732e");
        Object o = RestrictedUnpickler.load(p, "t.pth");
        RestrictedUnpickler.TensorRef t = (RestrictedUnpickler.TensorRef) ((Map<?, ?>) o).get("w");
        assertEquals("FloatStorage", t.storage().dtype());
        assertEquals(List.of(2L, 3L), List.of(t.size()[0], t.size()[1]));
        assertEquals(List.of(3L, 1L), List.of(t.stride()[0], t.stride()[1]));
    }

    @Test
    void refusesForeignGlobalsCallsAndPersistentIds() {
        for (byte[] p : List.of(
                pickle(0x80, 2, "c__builtin__\neval\nX", 4, 0, 0, 0, "1+1", 0x85, "R."),
                pickle(0x80, 4, 0x8c, 5, "posix", 0x8c, 6, "system", 0x93, "."),
                pickle(0x80, 2, "ccollections\nOrderedDict\nX", 1, 0, 0, 0, "a", 0x85, "R."),
                pickle(0x80, 2, "X", 4, 0, 0, 0, "evilQ."),
                pickle(0x80, 2, "ctorch\nFloatStorage\n)R."))) {
            IOException e = assertThrows(IOException.class, () -> RestrictedUnpickler.load(p, "bad.pth"));
            assertTrue(e.getMessage().startsWith("Security: bad.pth"), e.getMessage());
        }
    }

    @Test
    void malformedInputIsAnIOExceptionNotACrash() {
        assertThrows(IOException.class, () -> RestrictedUnpickler.load(pickle(0x80, 2, "X", 0xff, 0xff, 0xff, 0x7f, "."), "m.pth"));
        assertThrows(IOException.class, () -> RestrictedUnpickler.load(pickle(0x80, 2, "}"), "m.pth"));
        assertThrows(IOException.class, () -> RestrictedUnpickler.load(pickle(0x80, 2, "s."), "m.pth"));
    }
}
