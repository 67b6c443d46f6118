package dev.loadtest.operator.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Puts a generated CRD's printer columns in the order the resource class declares them. The Fabric8
 * generator sorts them by JSON path (fabric8io/kubernetes-client#7454), which would make
 * {@code kubectl get lt} print Age first and Verdict last of all; kubectl prints them in the CRD's
 * order. A text transform of the generator's own output, so everything else stays byte for byte.
 */
public final class PrinterColumnOrder {
    private static final String START = "  - additionalPrinterColumns:\n";
    private static final String ENTRY = "    - jsonPath: ";

    private PrinterColumnOrder() {}

    public static String asDeclared(String crd, Class<?> resource) {
        List<String> declared = Arrays.stream(resource.getAnnotationsByType(AdditionalPrinterColumn.class))
                .map(AdditionalPrinterColumn::name)
                .toList();
        int start = crd.indexOf(START);
        if (start < 0 || declared.isEmpty()) {
            throw new IllegalArgumentException("no printer columns to order");
        }
        int from = start + START.length();
        int end = from;
        while (crd.startsWith("    ", end)
                && !crd.startsWith("    name: ", end)) { // the version's own fields start at 4
            end = crd.indexOf('\n', end) + 1;
        }
        List<String> entries = new ArrayList<>();
        for (String e : crd.substring(from, end).split("(?=" + ENTRY + ")")) {
            if (!e.isEmpty()) {
                entries.add(e);
            }
        }
        if (entries.size() != declared.size()) {
            throw new IllegalArgumentException("found " + entries.size() + " printer columns, "
                    + resource.getSimpleName() + " declares " + declared.size());
        }
        entries.sort(Comparator.comparingInt(e -> declared.indexOf(nameOf(e))));
        return crd.substring(0, from) + String.join("", entries) + crd.substring(end);
    }

    private static String nameOf(String entry) {
        int at = entry.indexOf("      name: \"") + "      name: \"".length();
        return entry.substring(at, entry.indexOf('"', at));
    }
}
