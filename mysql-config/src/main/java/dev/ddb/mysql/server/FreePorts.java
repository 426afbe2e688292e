package dev.ddb.mysql.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ports for servers started on this machine: whatever the kernel hands out on the loopback address. */
public final class FreePorts {

    private FreePorts() {
    }

    /**
     * A port nothing listens on right now. Another process may take it before the caller binds it, which the kernel
     * makes unlikely by handing out ephemeral ports in turn.
     *
     * @throws UncheckedIOException if no socket can be bound on 127.0.0.1
     */
    public static int onLoopback() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on 127.0.0.1", e);
        }
    }
}
