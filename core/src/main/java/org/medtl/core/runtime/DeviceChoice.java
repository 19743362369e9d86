package org.medtl.core.runtime;

import ai.djl.Device;

import java.util.List;

/**
 * Devices chosen for a run and the reason, so that outputs can say which device actually ran.
 *
 * @param devices one device, or several GPUs for data-parallel training
 * @param reason  why these devices were chosen, for logs and history tables
 */
public record DeviceChoice(List<Device> devices, String reason) {

    /** The device that holds parameters and runs single-device work. */
    public Device primary() {
        return devices.get(0);
    }

    /** Devices as text, e.g. {@code cpu()} or {@code gpu(0)+gpu(1)}. */
    public String describe() {
        return String.join("+", devices.stream().map(Device::toString).toList());
    }
}
