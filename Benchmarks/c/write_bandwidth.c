/* Write bandwidth of a pass that writes K arrays of 66 048 doubles (one 256² c2r input each) and
 * reads two: beyond the 1 MB L2 of this VM's cores it drops to L3 speed, which is why the QG
 * kernel writes one layer's inputs just before they are transformed (docs/performance.md).
 *   gcc -O2 Benchmarks/c/write_bandwidth.c -o /tmp/write_bandwidth && /tmp/write_bandwidth
 * Argument: K (1…10, default 10); the docs quote K = 1, 2, 4, 8, 10.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+1e-9*t.tv_nsec;}
int main(int argc, char **argv){
  size_t n=66048; int K = argc > 1 ? atoi(argv[1]) : 10; if (K < 1 || K > 10) K = 10; double *a[10]; for(int k=0;k<K;k++){a[k]=aligned_alloc(64,n*8); memset(a[k],0,n*8);}
  double *src=aligned_alloc(64,n*8*2); for(size_t i=0;i<2*n;i++)src[i]=i*1e-3;
  for(int rep=0;rep<5;rep++){
    double best=1e9;
    for(int it=0;it<50;it++){ double t0=now();
      for(size_t i=0;i<n;i+=2){ double r=src[i], m=src[i+1], r2=src[n+i], m2=src[n+i+1];
        for(int k=0;k<K;k++){ a[k][i]=r*(k+1)-m2; a[k][i+1]=m*(k+2)+r2; } }
      double t1=now(); if(t1-t0<best)best=t1-t0; }
    printf("write %d arrays of %zu doubles + read 2: %.0f us (%.1f GB/s)\n", K, n, best*1e6, (K+2)*n*8/best/1e9);
  }
}
