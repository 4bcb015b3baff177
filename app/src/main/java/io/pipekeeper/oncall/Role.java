package io.pipekeeper.oncall;

/** The two roles of a shift: the primary answers first, the secondary backs up. */
public enum Role {
    PRIMARY, SECONDARY;

    public String text() {
        return name().toLowerCase();
    }

    public Role other() {
        return this == PRIMARY ? SECONDARY : PRIMARY;
    }

    public static Role parse(String text) {
        return valueOf(text.trim().toUpperCase());
    }
}
