package org.medtl.core.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.medtl.core.dataset.ImageInspector;

/** {@code ./medtl inspect FILE}: one JSON object describing an image file. */
final class InspectCommand implements Command {

    @Override
    public String name() {
        return "inspect";
    }

    @Override
    public String summary() {
        return "header and value statistics of one image file (DICOM, PNG, JPEG, ..., .npy) as JSON";
    }

    @Override
    public String usage() {
        return "usage: ./medtl inspect FILE\n\n"
                + "Prints one JSON object: format, transfer syntax (DICOM), rows, columns, frames, samples per pixel,\n"
                + "photometric interpretation, bits allocated/stored, pixel representation, rescale slope/intercept,\n"
                + "window, and min/max/mean of the stored values and of the modality-transformed values.\n"
                + "A file that cannot be decoded gives an 'error' field with the reason and exit code 1.";
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) {
        args.allow(Set.of());
        if (args.positionals().size() != 1) {
            throw new Args.UsageException("give exactly one FILE");
        }
        Map<String, Object> info = ImageInspector.inspect(Path.of(args.positionals().get(0)));
        out.println(Json.write(info));
        return info.containsKey("error") ? 1 : 0;
    }
}
