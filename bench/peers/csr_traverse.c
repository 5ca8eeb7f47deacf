/* The C array-traversal peer of bench/SupplyGraph.Bench --growth: the same graph file, the same queries, the same
 * algorithms as our kernels (depth-limited BFS with a bit set cleared through the queue; bidirectional BFS that
 * expands the side whose frontier has the smaller degree sum; k-hop BFS recording one parent per node and walking
 * the path of every listed hit), in plain arrays, single thread. It prints one JSON line: medians per row, and an
 * answer checksum per row that the harness compares with ours.
 *
 *   gcc -O2 -march=native -o csr_traverse csr_traverse.c
 *   ./csr_traverse GRAPH.tsv NODES QUERIES.txt LISTED.txt ROUNDS
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SHIFT 26
#define NODE_MASK ((1 << SHIFT) - 1)

static int n, m;
static int *out_off, *out_adj, *in_off, *in_adj;
static uint64_t *bits_a, *bits_b, *listed;
static int *queue_a, *queue_b, *parent_a, *parent_b;

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int type_of(const char *p, const char *e) {
    size_t len = (size_t)(e - p);
    if (len == 4 && !memcmp(p, "OWNS", 4)) return 0;
    if (len == 13 && !memcmp(p, "SUBSIDIARY_OF", 13)) return 1;
    if (len == 8 && !memcmp(p, "SUPPLIES", 8)) return 2;
    return 3;
}

static void load(const char *path) {
    int fd = open(path, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) { perror(path); exit(2); }
    const char *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    const char *end = p + st.st_size;
    size_t cap = (size_t)(st.st_size / 12) + 16;
    int *src = malloc(cap * 4), *dst = malloc(cap * 4);
    unsigned char *typ = malloc(cap);
    m = 0;
    while (p < end) {
        int s = 0, d = 0;
        while (*p != '\t') s = s * 10 + (*p++ - '0');
        p++;
        while (*p != '\t') d = d * 10 + (*p++ - '0');
        p++;
        const char *t = p;
        while (p < end && *p != '\n') p++;
        if ((size_t)m == cap) { cap *= 2; src = realloc(src, cap * 4); dst = realloc(dst, cap * 4); typ = realloc(typ, cap); }
        src[m] = s; dst[m] = d; typ[m] = (unsigned char)type_of(t, p); m++;
        p++;
    }
    out_off = calloc((size_t)n + 1, 4); in_off = calloc((size_t)n + 1, 4);
    for (int i = 0; i < m; i++) { out_off[src[i] + 1]++; in_off[dst[i] + 1]++; }
    for (int i = 0; i < n; i++) { out_off[i + 1] += out_off[i]; in_off[i + 1] += in_off[i]; }
    out_adj = malloc((size_t)m * 4); in_adj = malloc((size_t)m * 4);
    int *cur = malloc((size_t)n * 4), *cur2 = malloc((size_t)n * 4);
    memcpy(cur, out_off, (size_t)n * 4); memcpy(cur2, in_off, (size_t)n * 4);
    for (int i = 0; i < m; i++) {
        out_adj[cur[src[i]]++] = (typ[i] << SHIFT) | dst[i];
        in_adj[cur2[dst[i]]++] = (typ[i] << SHIFT) | src[i];
    }
    free(cur); free(cur2); free(src); free(dst); free(typ);
    munmap((void *)(end - st.st_size), (size_t)st.st_size);
    close(fd);
}

#define VISITED(b, x) ((b)[(x) >> 6] & (1ULL << ((x) & 63)))
#define MARK(b, x) ((b)[(x) >> 6] |= 1ULL << ((x) & 63))

static void clear(uint64_t *b, const int *q, int count) { for (int i = 0; i < count; i++) b[q[i] >> 6] = 0; }

/* Nodes reached within `hops` (sources included). */
static long bfs(int s, int hops) {
    int count = 0, start = 0;
    queue_a[count++] = s; MARK(bits_a, s);
    for (int depth = 0; depth < hops && start < count; depth++) {
        int end = count;
        for (int i = start; i < end; i++) {
            int v = queue_a[i];
            for (int j = out_off[v]; j < out_off[v + 1]; j++) {
                int w = out_adj[j] & NODE_MASK;
                if (!VISITED(bits_a, w)) { MARK(bits_a, w); queue_a[count++] = w; }
            }
        }
        start = end;
    }
    clear(bits_a, queue_a, count);
    return count;
}

/* Sum over listed hits within `hops` of the length of the path to each (one path per hit, as ours and NetworkX). */
static long khop(int s, int hops) {
    int count = 0, start = 0;
    long total = 0;
    queue_a[count++] = s; MARK(bits_a, s); parent_a[s] = -1;
    for (int depth = 0; depth < hops && start < count; depth++) {
        int end = count;
        for (int i = start; i < end; i++) {
            int v = queue_a[i];
            for (int j = out_off[v]; j < out_off[v + 1]; j++) {
                int w = out_adj[j] & NODE_MASK;
                if (!VISITED(bits_a, w)) { MARK(bits_a, w); queue_a[count++] = w; parent_a[w] = v; }
            }
        }
        start = end;
    }
    for (int i = 0; i < count; i++) {
        int v = queue_a[i];
        if (VISITED(listed, v)) for (int x = v; parent_a[x] >= 0; x = parent_a[x]) total++;
    }
    clear(bits_a, queue_a, count);
    return total;
}

static int path_len(const int *parent, int v) { int l = 0; for (; parent[v] >= 0; v = parent[v]) l++; return l; }

/* Fewest hops from a to b along edge direction, or -1: bidirectional, the cheaper frontier (degree sum) first. */
static long shortest(int a, int b) {
    if (a == b) return 0;
    int fc = 0, bc = 0, fs = 0, bs = 0, fe, be, meet = -1;
    queue_a[fc++] = a; MARK(bits_a, a); parent_a[a] = -1;
    queue_b[bc++] = b; MARK(bits_b, b); parent_b[b] = -1;
    fe = fc; be = bc;
    long fcost = out_off[a + 1] - out_off[a], bcost = in_off[b + 1] - in_off[b];
    while (fs < fe && bs < be && meet < 0) {
        if (fcost <= bcost) {
            fcost = 0;
            for (int i = fs; i < fe && meet < 0; i++) {
                int v = queue_a[i];
                for (int j = out_off[v]; j < out_off[v + 1]; j++) {
                    int w = out_adj[j] & NODE_MASK;
                    if (VISITED(bits_a, w)) continue;
                    MARK(bits_a, w); queue_a[fc++] = w; parent_a[w] = v;
                    if (VISITED(bits_b, w)) { meet = w; break; }
                    fcost += out_off[w + 1] - out_off[w];
                }
            }
            fs = fe; fe = fc;
        } else {
            bcost = 0;
            for (int i = bs; i < be && meet < 0; i++) {
                int v = queue_b[i];
                for (int j = in_off[v]; j < in_off[v + 1]; j++) {
                    int w = in_adj[j] & NODE_MASK;
                    if (VISITED(bits_b, w)) continue;
                    MARK(bits_b, w); queue_b[bc++] = w; parent_b[w] = v;
                    if (VISITED(bits_a, w)) { meet = w; break; }
                    bcost += in_off[w + 1] - in_off[w];
                }
            }
            bs = be; be = bc;
        }
    }
    long len = meet < 0 ? -1 : path_len(parent_a, meet) + path_len(parent_b, meet);
    clear(bits_a, queue_a, fc); clear(bits_b, queue_b, bc);
    return len;
}

typedef struct { const char *name; int kind, hops, limit; int *a, *b, count; double *ms; int ms_count; long checksum; } row_t;

static int cmp(const void *x, const void *y) { double a = *(const double *)x, b = *(const double *)y; return a < b ? -1 : a > b; }

int main(int argc, char **argv) {
    if (argc < 6) { fprintf(stderr, "usage: %s GRAPH NODES QUERIES LISTED ROUNDS\n", argv[0]); return 2; }
    n = atoi(argv[2]);
    int rounds = atoi(argv[5]);
    double t0 = now_ms();
    clock_t c0 = clock();
    load(argv[1]);
    double load_ms = now_ms() - t0, load_cpu_ms = (double)(clock() - c0) * 1e3 / CLOCKS_PER_SEC;
    size_t words = ((size_t)n + 63) / 64;
    bits_a = calloc(words, 8); bits_b = calloc(words, 8); listed = calloc(words, 8);
    queue_a = malloc((size_t)n * 4); queue_b = malloc((size_t)n * 4);
    parent_a = malloc((size_t)n * 4); parent_b = malloc((size_t)n * 4);
    FILE *lf = fopen(argv[4], "r");
    int x;
    while (fscanf(lf, "%d", &x) == 1) MARK(listed, x);
    fclose(lf);
    static int qa[4][1000], qb[4][1000], qc[4];
    FILE *qf = fopen(argv[3], "r");
    char kind[16];
    int a, b;
    while (fscanf(qf, "%15s %d %d", kind, &a, &b) == 3) {
        int k = !strcmp(kind, "bfs4") ? 0 : !strcmp(kind, "pair") ? 1 : !strcmp(kind, "khop") ? 2 : 3;
        qa[k][qc[k]] = a; qb[k][qc[k]] = b; qc[k]++;
    }
    fclose(qf);
    /* kind: 0 bfs, 1 shortest path, 2 k-hop listed paths */
    row_t rows[] = {
        {"bfs4", 0, 4, 100, qa[0], qb[0], qc[0], 0, 0, 0},
        {"sp", 1, 0, 100, qa[1], qb[1], qc[1], 0, 0, 0},
        {"khop4", 2, 4, 100, qa[2], qb[2], qc[2], 0, 0, 0},
        {"khop6", 2, 6, 30, qa[2], qb[2], qc[2], 0, 0, 0},
        {"hub4", 2, 4, 20, qa[3], qb[3], qc[3], 0, 0, 0},
        {"hub6", 2, 6, 10, qa[3], qb[3], qc[3], 0, 0, 0},
    };
    int nrows = sizeof rows / sizeof rows[0];
    for (int r = 0; r < nrows; r++) { if (rows[r].count > rows[r].limit) rows[r].count = rows[r].limit; rows[r].ms = malloc(sizeof(double) * (size_t)rows[r].count * (size_t)rounds); }
    for (int round = -2; round < rounds; round++) {
        for (int r = 0; r < nrows; r++) {
            row_t *row = &rows[r];
            long sum = 0;
            for (int i = 0; i < row->count; i++) {
                double s = now_ms();
                long v = row->kind == 0 ? bfs(row->a[i], row->hops) : row->kind == 1 ? shortest(row->a[i], row->b[i]) : khop(row->a[i], row->hops);
                double e = now_ms() - s;
                sum += v;
                if (round >= 0) row->ms[row->ms_count++] = e;
            }
            row->checksum = sum;
        }
    }
    printf("{\"load_ms\": %.1f, \"load_cpu_ms\": %.1f, \"nodes\": %d, \"edges\": %d", load_ms, load_cpu_ms, n, m);
    for (int r = 0; r < nrows; r++) {
        qsort(rows[r].ms, (size_t)rows[r].ms_count, sizeof(double), cmp);
        int c = rows[r].ms_count;
        double med = c % 2 ? rows[r].ms[c / 2] : (rows[r].ms[c / 2 - 1] + rows[r].ms[c / 2]) / 2;
        printf(", \"%s\": {\"median_ms\": %.6f, \"p90_ms\": %.6f, \"checksum\": %ld}", rows[r].name, med, rows[r].ms[(int)(0.9 * (c - 1))], rows[r].checksum);
    }
    printf("}\n");
    return 0;
}
