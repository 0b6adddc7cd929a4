package demo

import (
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
)

// Addresses are this machine's unicast addresses other than loopback and
// link-local ones: the ones students on the same network can reach.
func Addresses() ([]net.IP, error) {
	ifaces, err := net.InterfaceAddrs()
	if err != nil {
		return nil, err
	}
	var ips []net.IP
	for _, a := range ifaces {
		ipnet, ok := a.(*net.IPNet)
		if !ok {
			continue
		}
		ip := ipnet.IP
		if ip.IsLoopback() || ip.IsLinkLocalUnicast() || ip.IsMulticast() || ip.IsUnspecified() {
			continue
		}
		ips = append(ips, ip)
	}
	return ips, nil
}

// Instructions prints what students type to join a server on port, for
// each address in ips, and what to type on the machine itself. join is
// the command line to join with, HOST and PORT standing for the address;
// empty means nc and telnet.
func Instructions(w io.Writer, stage, join string, port int, ips []net.IP) {
	p := strconv.Itoa(port)
	line := func(host string) string {
		if join == "" {
			return fmt.Sprintf("nc %s %s        telnet %s %s", host, p, host, p)
		}
		return strings.NewReplacer("HOST", host, "PORT", p).Replace(join)
	}
	fmt.Fprintf(w, "\nStage %s's reference server is listening on every interface, port %d.\n", stage, port)
	if len(ips) == 0 {
		fmt.Fprintln(w, "This machine has no network address other than loopback: only this machine can join.")
	} else {
		fmt.Fprintln(w, "Students on the same network join with one of:")
		for _, ip := range ips {
			fmt.Fprintf(w, "    %s\n", line(ip.String()))
		}
	}
	fmt.Fprintf(w, "On this machine:\n    %s\n", line("127.0.0.1"))
	fmt.Fprintln(w, "Press Ctrl+C to shut it down (twice to stop at once).")
}
