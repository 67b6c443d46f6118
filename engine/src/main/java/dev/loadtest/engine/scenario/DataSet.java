package dev.loadtest.engine.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A CSV file with a header row. User N takes row N, wrapping around. */
public final class DataSet {
    private final String name;
    private final List<String> columns;
    private final List<String[]> rows;

    DataSet(String name, List<String> columns, List<String[]> rows) {
        this.name = name;
        this.columns = columns;
        this.rows = rows;
    }

    public static DataSet load(String name, Path file) throws IOException {
        return parse(name, Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    public static DataSet parse(String name, String csv, String source) {
        List<String[]> records = Csv.parse(csv);
        if (records.isEmpty()) {
            throw new IllegalArgumentException(
                    source + " is empty; a data file needs a header row and at least one row");
        }
        List<String> columns = List.of(records.get(0));
        List<String[]> rows = new ArrayList<>(records.subList(1, records.size()));
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(source + " has a header but no rows");
        }
        return new DataSet(name, columns, rows);
    }

    public String name() {
        return name;
    }

    public int rowCount() {
        return rows.size();
    }

    public int column(String column) {
        return columns.indexOf(column);
    }

    public List<String> columns() {
        return columns;
    }

    String value(int userIndex, int column) {
        String[] row = rows.get(Math.floorMod(userIndex, rows.size()));
        return column < row.length ? row[column] : "";
    }
}
