package dev.ddb.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Whether a peer address, as the server's socket reports it, is this machine's loopback interface. */
public final class Loopback {

    private Loopback() {
    }

    /** @param address an IP literal (never a host name: no lookup is made); anything else is not loopback */
    public static boolean isLoopback(String address) {
        if (address == null || address.isEmpty()) {
            return false;
        }
        if (address.startsWith("127.") || address.equals("::1") || address.equals("0:0:0:0:0:0:0:1")) {
            return true;
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == '[' || c == ']')) {
                return false;
            }
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
