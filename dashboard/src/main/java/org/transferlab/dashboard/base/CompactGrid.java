package org.transferlab.dashboard.base;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.function.ValueProvider;

/**
 * The dashboard's small read-only tables (a handful of rows, all shown, no paging): a compact grid
 * with an id for tests and one auto-sized column per header. Panels declared the same five calls
 * per grid by hand.
 */
public final class CompactGrid {

    /** One column: its header and what a row shows in it. */
    public record Column<T>(String header, ValueProvider<T, ?> value) {}

    private CompactGrid() {}

    public static <T> Column<T> column(String header, ValueProvider<T, ?> value) {
        return new Column<>(header, value);
    }

    @SafeVarargs
    public static <T> Grid<T> of(String id, Column<T>... columns) {
        Grid<T> grid = new Grid<>();
        grid.setId(id);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT);
        for (Column<T> c : columns) {
            grid.addColumn(c.value()).setHeader(c.header()).setAutoWidth(true);
        }
        grid.setAllRowsVisible(true);
        return grid;
    }
}
