// deflate_floor: what the DEFLATE libraries alone cost per message, with no I/O and no wsbench code —
// the floor under the server's compressed-echo cost (results/permessage-deflate.md, "The floor").
// The same library calls wsbench makes: ISA-L igzip raw deflate with sync flush and hist_bits, one
// state reused for every message; inflate of the same stream with the previous messages' last
// 2^WINDOW bytes loaded as the dictionary before each message (context takeover, as wsbench's
// shared-state inflater does), by ISA-L and by zlib. Messages: 64 different tick-like JSON arrays
// of SIZE bytes. Every inflated message is checked against the original.
//
// With DICTIONARY_BYTES it also compresses with context takeover: before each message the last
// min(DICTIONARY_BYTES, 2^WINDOW) bytes of the messages before it are loaded with isal_deflate_set_dict
// (what wsbench's ISA-L deflater does for messages under 8 KiB; MessageDeflater.isalHistoryBits).
//
// Build: cc -O2 -o deflate_floor deflate_floor.c -lisal -lz
// Usage: deflate_floor SIZE WINDOW_BITS ITERATIONS [DICTIONARY_BYTES]
//        (e.g. taskset -c 1 ./deflate_floor 16384 12 100; taskset -c 1 ./deflate_floor 1024 15 100 2048)
// Prints one line per step: name, µs per message, compression ratio.
#include <isa-l/igzip_lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#define MESSAGES 64

static unsigned long long state = 88172645463325252ULL;
static unsigned next_random(void) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return (unsigned)state;
}

/// A tick-like JSON array of exactly `size` bytes (padded with spaces before the closing bracket).
static void tick_message(unsigned char *out, int size) {
    static const char *symbols[] = {"AAPL", "MSFT", "GOOG", "AMZN", "TSLA", "NVDA", "META", "NFLX"};
    int n = sprintf((char *)out, "[");
    while (n < size - 80) {
        n += sprintf((char *)out + n, "{\"sym\":\"%s\",\"px\":%u.%02u,\"qty\":%u,\"side\":\"%s\",\"ts\":%u},",
                     symbols[next_random() % 8], 100 + next_random() % 900, next_random() % 100,
                     next_random() % 1000, next_random() % 2 ? "buy" : "sell", 1700000000 + next_random() % 100000);
    }
    while (n < size - 1) out[n++] = ' ';
    out[n] = ']';
}

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

/// Appends `size` bytes to the `window_size`-byte history (keeping its newest bytes).
static void append_history(unsigned char *history, int *history_count, int window_size, const unsigned char *bytes, int size) {
    if (size >= window_size) {
        memcpy(history, bytes + size - window_size, window_size);
        *history_count = window_size;
        return;
    }
    int keep = *history_count + size > window_size ? window_size - size : *history_count;
    memmove(history, history + *history_count - keep, keep);
    memcpy(history + keep, bytes, size);
    *history_count = keep + size;
}

/// Resets `stream` for one message at `level` (1 uses `level_buffer`) with sync flush and `window` history bits.
static void reset_stream(struct isal_zstream *stream, unsigned char *level_buffer, int level, int window) {
    isal_deflate_reset(stream);
    stream->level = level;
    stream->level_buf = level == 0 ? NULL : level_buffer;
    stream->level_buf_size = level == 0 ? 0 : ISAL_DEF_LVL1_DEFAULT;
    stream->flush = SYNC_FLUSH;
    stream->gzip_flag = IGZIP_DEFLATE;
    stream->hist_bits = window;
    stream->end_of_stream = 0;
}

/// Compresses `size` bytes of `message` into `out` (room for size * 2 + 64); returns the bytes written.
static long compress_into(struct isal_zstream *stream, unsigned char *message, int size, unsigned char *out) {
    stream->next_in = message;
    stream->avail_in = size;
    stream->next_out = out;
    stream->avail_out = size * 2 + 64;
    isal_deflate(stream);
    return size * 2 + 64 - stream->avail_out;
}

/// Compresses every message `iterations` times with ISA-L at `level`, each as its own flush, no
/// history (as wsbench does for messages of 8 KiB and more). Returns µs per message; sets *ratio.
static double isal_compress(unsigned char **messages, int size, int window, int level, int iterations, double *ratio) {
    struct isal_zstream stream;
    isal_deflate_init(&stream);
    unsigned char *level_buffer = malloc(ISAL_DEF_LVL1_DEFAULT);
    unsigned char *out = malloc(size * 2 + 64);
    long total = 0;
    double start = seconds();
    for (int i = 0; i < iterations; i++) {
        for (int m = 0; m < MESSAGES; m++) {
            reset_stream(&stream, level_buffer, level, window);
            total += compress_into(&stream, messages[m], size, out);
        }
    }
    double elapsed = seconds() - start;
    *ratio = (double)size * MESSAGES * iterations / total;
    free(level_buffer);
    free(out);
    return elapsed * 1e6 / ((double)iterations * MESSAGES);
}

/// Compresses the messages in order `iterations` times with ISA-L level 1 and context takeover: the
/// last min(`dictionary`, 2^window) bytes before each message are its dictionary. Returns µs per message.
static double isal_compress_with_history(unsigned char **messages, int size, int window, int dictionary, int iterations,
                                         double *ratio) {
    int window_size = 1 << window;
    struct isal_zstream stream;
    isal_deflate_init(&stream);
    unsigned char *level_buffer = malloc(ISAL_DEF_LVL1_DEFAULT);
    unsigned char *out = malloc(size * 2 + 64);
    unsigned char *history = malloc(window_size);
    long total = 0;
    double start = seconds();
    for (int i = 0; i < iterations; i++) {
        int history_count = 0;
        for (int m = 0; m < MESSAGES; m++) {
            reset_stream(&stream, level_buffer, 1, window);
            int used = history_count < dictionary ? history_count : dictionary;
            if (used > 0) isal_deflate_set_dict(&stream, history + history_count - used, used);
            total += compress_into(&stream, messages[m], size, out);
            append_history(history, &history_count, window_size, messages[m], size);
        }
    }
    double elapsed = seconds() - start;
    *ratio = (double)size * MESSAGES * iterations / total;
    free(level_buffer);
    free(out);
    free(history);
    return elapsed * 1e6 / ((double)iterations * MESSAGES);
}

/// Inflates one stream of compressed messages (context takeover) `iterations` times, each message
/// after loading the last 2^window bytes before it as the dictionary. Returns µs per message.
static double inflate_stream(int use_zlib, unsigned char **messages, unsigned char **wire, int *wire_count, int size,
                             int window, int iterations) {
    int window_size = 1 << window;
    unsigned char *history = malloc(window_size);
    unsigned char *out = malloc(size + 64);
    struct inflate_state isal;
    z_stream zlib;
    memset(&zlib, 0, sizeof zlib);
    inflateInit2(&zlib, -window);
    double start = seconds();
    for (int i = 0; i < iterations; i++) {
        int history_count = 0;
        for (int m = 0; m < MESSAGES; m++) {
            int produced;
            if (use_zlib) {
                inflateReset(&zlib);
                if (history_count) inflateSetDictionary(&zlib, history, history_count);
                zlib.next_in = wire[m];
                zlib.avail_in = wire_count[m];
                zlib.next_out = out;
                zlib.avail_out = size + 64;
                inflate(&zlib, Z_SYNC_FLUSH);
                produced = size + 64 - zlib.avail_out;
            } else {
                isal_inflate_reset(&isal);
                isal.crc_flag = ISAL_DEFLATE;
                isal.hist_bits = window;
                if (history_count) isal_inflate_set_dict(&isal, history, history_count);
                isal.next_in = wire[m];
                isal.avail_in = wire_count[m];
                isal.next_out = out;
                isal.avail_out = size + 64;
                isal_inflate(&isal);
                produced = size + 64 - isal.avail_out;
            }
            if (produced != size || memcmp(out, messages[m], size) != 0) {
                fprintf(stderr, "deflate_floor: message %d inflated wrongly (%d bytes)\n", m, produced);
                exit(1);
            }
            append_history(history, &history_count, window_size, out, size);
        }
    }
    double elapsed = seconds() - start;
    inflateEnd(&zlib);
    free(history);
    free(out);
    return elapsed * 1e6 / ((double)iterations * MESSAGES);
}

int main(int argc, char **argv) {
    if (argc != 4 && argc != 5) {
        fprintf(stderr, "usage: deflate_floor SIZE WINDOW_BITS ITERATIONS [DICTIONARY_BYTES]\n");
        return 64;
    }
    int size = atoi(argv[1]), window = atoi(argv[2]), iterations = atoi(argv[3]);
    int dictionary = argc == 5 ? atoi(argv[4]) : 0;
    if (size < 128 || window < 9 || window > 15 || iterations < 1) {
        fprintf(stderr, "deflate_floor: SIZE >= 128, WINDOW_BITS 9...15, ITERATIONS >= 1\n");
        return 64;
    }
    unsigned char *messages[MESSAGES], *wire[MESSAGES];
    int wire_count[MESSAGES];
    for (int m = 0; m < MESSAGES; m++) {
        messages[m] = malloc(size);
        tick_message(messages[m], size);
    }
    // The stream a peer with context takeover sends: ISA-L level 1, sync flush, one continuous stream,
    // each message followed by the 00 00 ff ff a sync flush ends with (kept: inflate needs it here).
    struct isal_zstream stream;
    isal_deflate_init(&stream);
    stream.level = 1;
    stream.level_buf = malloc(ISAL_DEF_LVL1_DEFAULT);
    stream.level_buf_size = ISAL_DEF_LVL1_DEFAULT;
    stream.flush = SYNC_FLUSH;
    stream.gzip_flag = IGZIP_DEFLATE;
    stream.hist_bits = window;
    for (int m = 0; m < MESSAGES; m++) {
        wire[m] = malloc(size * 2 + 64);
        stream.next_in = messages[m];
        stream.avail_in = size;
        stream.next_out = wire[m];
        stream.avail_out = size * 2 + 64;
        isal_deflate(&stream);
        wire_count[m] = size * 2 + 64 - stream.avail_out;
    }
    double ratio1, ratio0;
    double level1 = isal_compress(messages, size, window, 1, iterations, &ratio1);
    printf("isal compress level 1  %8.2f us/msg  ratio %.2f\n", level1, ratio1);
    double level0 = isal_compress(messages, size, window, 0, iterations, &ratio0);
    printf("isal compress level 0  %8.2f us/msg  ratio %.2f\n", level0, ratio0);
    if (dictionary > 0) {
        double ratio;
        double with_history = isal_compress_with_history(messages, size, window, dictionary, iterations, &ratio);
        printf("isal compress L1, dict %5d B %8.2f us/msg  ratio %.2f\n", dictionary, with_history, ratio);
    }
    printf("isal inflate (dict)    %8.2f us/msg\n", inflate_stream(0, messages, wire, wire_count, size, window, iterations));
    printf("zlib inflate (dict)    %8.2f us/msg\n", inflate_stream(1, messages, wire, wire_count, size, window, iterations));
    return 0;
}
