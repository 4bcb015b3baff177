package io.pipekeeper.oncall;

/** Why a person is on call: the rotation, a saved plan, cover for someone's time off, or an override. */
public enum Source {
    ROTATION, PLAN, TIME_OFF, OVERRIDE, NONE;

    public String text() {
        return name().toLowerCase();
    }
}
