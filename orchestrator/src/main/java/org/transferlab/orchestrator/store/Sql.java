package org.transferlab.orchestrator.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.transferlab.protocol.Json;

/**
 * The statements of one connection: binds positional parameters, runs, maps rows. The one place
 * the store prepares JDBC statements, so each table's class states only its SQL and its row
 * mapping. Obtained from {@link Database#run} or {@link Database#inTransaction}; valid only inside.
 */
public final class Sql {

    /** Reads the current row of a result set into a value. */
    @FunctionalInterface
    public interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private final Connection connection;

    Sql(Connection connection) {
        this.connection = connection;
    }

    /** Runs one INSERT/UPDATE/DELETE; returns the rows it changed. */
    public int update(String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(sql, params)) {
            return ps.executeUpdate();
        }
    }

    /** Runs one INSERT and returns the key the database generated for the new row. */
    public long insertReturningKey(String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            bindAll(ps, params);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** Runs one statement once per parameter row, as one JDBC batch; returns the rows each changed. */
    public int[] batch(String sql, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return new int[0];
        }
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (Object[] row : rows) {
                bindAll(ps, row);
                ps.addBatch();
            }
            return ps.executeBatch();
        }
    }

    /** Every row of a query, in the order the query gives. */
    public <T> List<T> list(String sql, Row<T> row, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(sql, params); ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(row.read(rs));
            }
            return out;
        }
    }

    /** The first row of a query; empty when there is none (or its value is null). */
    public <T> Optional<T> first(String sql, Row<T> row, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(sql, params); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.ofNullable(row.read(rs)) : Optional.empty();
        }
    }

    private PreparedStatement prepare(String sql, Object[] params) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(sql);
        try {
            bindAll(ps, params);
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    private static void bindAll(PreparedStatement ps, Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            bind(ps, i + 1, params[i]);
        }
    }

    private static void bind(PreparedStatement ps, int index, Object value) throws SQLException {
        switch (value) {
            case null -> ps.setNull(index, Types.NULL);
            case String v -> ps.setString(index, v);
            case Integer v -> ps.setInt(index, v);
            case Long v -> ps.setLong(index, v);
            case Double v -> ps.setDouble(index, v);
            case Boolean v -> ps.setBoolean(index, v);
            case Instant v -> ps.setTimestamp(index, Timestamp.from(v));
            default -> ps.setObject(index, value);
        }
    }

    // ---- column readers shared by the tables' row mappings ----------------------------------

    /** A timestamp column as an instant, or null. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    /** An integer column that may be NULL. */
    public static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    /** A JSON text column read as {@code type}, or null when the column is NULL. */
    public static <T> T json(ResultSet rs, String column, TypeReference<T> type) throws SQLException {
        String text = rs.getString(column);
        if (text == null) {
            return null;
        }
        try {
            return Json.mapper().readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("corrupt JSON in column " + column + ": " + e.getOriginalMessage(), e);
        }
    }
}
