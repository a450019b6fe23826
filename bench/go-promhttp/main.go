// The anchor for the scrape scenario: the Go client library's promhttp handler serving N gauge series with the
// same names and labels as discord_channel_messages, rendered on every scrape as Go exporters do. Built offline from
// Debian's golang-github-prometheus-client-golang-dev (GOPATH=/usr/share/gocode, GO111MODULE=off).
//
//	go-promhttp -listen 127.0.0.1:0 -channels 5000
//
// Prints "listening on http://ADDR" once the socket is open.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on")
	channels := flag.Int("channels", 5000, "channels; two series each (author=human and author=bot)")
	flag.Parse()

	registry := prometheus.NewRegistry()
	messages := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "discord_channel_messages",
		Help: "Messages counted in the channel, by author kind (human, bot) and source (the channel itself, or its threads and posts summed).",
	}, []string{"guild_id", "channel_id", "channel", "category_id", "category", "channel_type", "author", "source"})
	registry.MustRegister(messages)
	const guild = "100000000000000001"
	for i := 0; i < *channels; i++ {
		id := strconv.FormatInt(200000000000000000+int64(i), 10)
		category := strconv.FormatInt(300000000000000000+int64(i/50), 10)
		name := fmt.Sprintf("channel-%d", i)
		messages.WithLabelValues(guild, id, name, category, fmt.Sprintf("category-%d", i/50), "text", "human", "channel").Set(float64(20 + i%997))
		messages.WithLabelValues(guild, id, name, category, fmt.Sprintf("category-%d", i/50), "text", "bot", "channel").Set(float64(i % 13))
	}

	listener, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatalf("listen %s: %v", *listen, err)
	}
	http.Handle("/metrics", promhttp.HandlerFor(registry, promhttp.HandlerOpts{}))
	fmt.Fprintf(os.Stdout, "listening on http://%s\n", listener.Addr().String())
	log.Fatal(http.Serve(listener, nil))
}
