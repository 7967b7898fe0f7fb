/* A C mock-up of one two-layer QG tendency evaluation at 256² (the data movement of
 * QuasiGeostrophicSolver's kernel, with FFTW_ESTIMATE plans as RealFFT2D makes them), used to
 * choose the kernel's structure before it was written in Swift (docs/performance.md, QG section):
 *   v0  one pass writes all eight c2r inputs and the linear terms, then the transforms;
 *   v2  one layer at a time: its four inputs, then its transforms (the structure adopted);
 *   v3  one pair of inputs at a time;
 *   fft only: the transforms, copies, products and subtraction without the preparation pass.
 * Prints the best of 40 repetitions per variant, three times.
 *   gcc -O2 Benchmarks/c/qg_layer_mockup.c -lfftw3 -lm -o /tmp/qg_layer_mockup && /tmp/qg_layer_mockup
 */
#include <fftw3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <math.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+1e-9*t.tv_nsec;}
#define N 256
#define C (N/2+1)
#define MODES (N*C)
static double *kx,*ky,*inv,*s,*out,*spec[8],*adv,*pa,*pb,*pc;
static fftw_plan pinv,pfwd;
static double F1=1e-9,F2=2e-10,U1=0.025,QY1=1e-11,QY2=1e-11,DR=1e-7;
static inline void mode(int r,int c,int layerMask,double*const*sp,double*lin){
  int m=r*C+c,a=2*m,b=a+1; double k2=kx[r]*kx[r]+ky[c]*ky[c]; double iv=inv[m];
  double i11=-(k2+F2)*iv,i12=-F1*iv,i21=-F2*iv,i22=-(k2+F1)*iv;
  double q1r=s[a],q1i=s[b],q2r=s[2*MODES+a],q2i=s[2*MODES+b];
  double kxr=kx[r],kyc=ky[c];
  if(layerMask&1){double p1r=i11*q1r+i12*q2r,p1i=i11*q1i+i12*q2i;
    sp[0][a]=kyc*p1i;sp[0][b]=-kyc*p1r;sp[1][a]=-kxr*p1i;sp[1][b]=kxr*p1r;sp[2][a]=-kxr*q1i;sp[2][b]=kxr*q1r;sp[3][a]=-kyc*q1i;sp[3][b]=kyc*q1r;
    double zr=U1*q1r+QY1*p1r,zi=U1*q1i+QY1*p1i; lin[a]=kxr*zi; lin[b]=-kxr*zr;}
  if(layerMask&2){double p2r=i21*q1r+i22*q2r,p2i=i21*q1i+i22*q2i;
    sp[4][a]=kyc*p2i;sp[4][b]=-kyc*p2r;sp[5][a]=-kxr*p2i;sp[5][b]=kxr*p2r;sp[6][a]=-kxr*q2i;sp[6][b]=kxr*q2r;sp[7][a]=-kyc*q2i;sp[7][b]=kyc*q2r;
    double zr=QY2*p2r,zi=QY2*p2i; double f=DR*k2; lin[2*MODES+a]=kxr*zi+f*p2r; lin[2*MODES+b]=-kxr*zr+f*p2i;}
}
static void layerFFT(int l,double*const*sp,double*target){
  int cnt=N*N; double sc=1.0/((double)cnt*cnt);
  fftw_execute_dft_c2r(pinv,(fftw_complex*)sp[4*l],pa);
  fftw_execute_dft_c2r(pinv,(fftw_complex*)sp[4*l+2],pb);
  for(int j=0;j<cnt;j++)pa[j]*=pb[j];
  fftw_execute_dft_c2r(pinv,(fftw_complex*)sp[4*l+1],pb);
  fftw_execute_dft_c2r(pinv,(fftw_complex*)sp[4*l+3],pc);
  for(int j=0;j<cnt;j++)pa[j]+=pb[j]*pc[j];
  fftw_execute_dft_r2c(pfwd,pa,(fftw_complex*)adv);
  for(int i=0;i<2*MODES;i++)target[i]-=sc*adv[i];
}
static void v0(){ for(int r=0;r<N;r++)for(int c=0;c<C;c++)mode(r,c,3,spec,out); layerFFT(0,spec,out); layerFFT(1,spec,out+2*MODES);}
static void v2(){ double*sp[8]={spec[0],spec[1],spec[2],spec[3],spec[0],spec[1],spec[2],spec[3]};
  for(int l=0;l<2;l++){ for(int r=0;r<N;r++)for(int c=0;c<C;c++)mode(r,c,1<<l,sp,out); layerFFT(l,sp,out+2*l*MODES);} }
static void fftonly(){ for(int l=0;l<2;l++){ for(int k=0;k<4;k++){memcpy(spec[k],spec[4+k],16*MODES);} layerFFT(l,spec,out+2*l*MODES);} }

static inline void pairmode(int r,int c,int l,int pair,double*u,double*x,double*lin){
  int m=r*C+c,a=2*m,b=a+1; double k2=kx[r]*kx[r]+ky[c]*ky[c]; double iv=inv[m];
  double q1r=s[a],q1i=s[b],q2r=s[2*MODES+a],q2i=s[2*MODES+b]; double kxr=kx[r],kyc=ky[c];
  double ia = l==0? -(k2+F2)*iv : -F2*iv, ib = l==0? -F1*iv : -(k2+F1)*iv;
  double pr=ia*q1r+ib*q2r, pi=ia*q1i+ib*q2i; double qr= l==0?q1r:q2r, qi= l==0?q1i:q2i;
  if(pair==0){ u[a]=kyc*pi;u[b]=-kyc*pr; x[a]=-kxr*qi;x[b]=kxr*qr;
    double zr=(l==0?U1:0)*qr+(l==0?QY1:QY2)*pr,zi=(l==0?U1:0)*qi+(l==0?QY1:QY2)*pi; double f=l==1?DR*k2:0; lin[a]=kxr*zi+f*pr; lin[b]=-kxr*zr+f*pi;}
  else { u[a]=-kxr*pi;u[b]=kxr*pr; x[a]=-kyc*qi;x[b]=kyc*qr; }
}
static void v3(){ int cnt=N*N; double sc=1.0/((double)cnt*cnt);
  for(int l=0;l<2;l++){ double*lin=out+2*l*MODES;
    for(int r=0;r<N;r++)for(int c=0;c<C;c++)pairmode(r,c,l,0,spec[0],spec[1],lin);
    fftw_execute_dft_c2r(pinv,(fftw_complex*)spec[0],pa); fftw_execute_dft_c2r(pinv,(fftw_complex*)spec[1],pb);
    for(int j=0;j<cnt;j++)pa[j]*=pb[j];
    for(int r=0;r<N;r++)for(int c=0;c<C;c++)pairmode(r,c,l,1,spec[0],spec[1],lin);
    fftw_execute_dft_c2r(pinv,(fftw_complex*)spec[0],pb); fftw_execute_dft_c2r(pinv,(fftw_complex*)spec[1],pc);
    for(int j=0;j<cnt;j++)pa[j]+=pb[j]*pc[j];
    fftw_execute_dft_r2c(pfwd,pa,(fftw_complex*)adv);
    for(int i=0;i<2*MODES;i++)lin[i]-=sc*adv[i]; } }
int main(){
  kx=fftw_alloc_real(N);ky=fftw_alloc_real(C);inv=fftw_alloc_real(MODES);s=fftw_alloc_real(4*MODES);out=fftw_alloc_real(4*MODES);
  for(int k=0;k<8;k++)spec[k]=fftw_alloc_real(2*MODES);
  adv=fftw_alloc_real(2*MODES);pa=fftw_alloc_real(N*N);pb=fftw_alloc_real(N*N);pc=fftw_alloc_real(N*N);
  pinv=fftw_plan_dft_c2r_2d(N,N,(fftw_complex*)spec[0],pa,FFTW_ESTIMATE|FFTW_DESTROY_INPUT);
  pfwd=fftw_plan_dft_r2c_2d(N,N,pa,(fftw_complex*)adv,FFTW_ESTIMATE);
  for(int r=0;r<N;r++)kx[r]=(r<=N/2?r:r-N)*6.28e-6;
  for(int c=0;c<C;c++)ky[c]=c*6.28e-6;
  for(int m=0;m<MODES;m++)inv[m]=1e10/(1+m);
  for(int i=0;i<4*MODES;i++){s[i]=1e-6*sin(i*0.1)/(1+i*1e-3);out[i]=0;}
  for(int k=0;k<8;k++)for(int i=0;i<2*MODES;i++)spec[k][i]=sin(i*0.3+k);
  void(*fs[4])()={v0,v2,v3,fftonly}; const char*nm[4]={"v0 one pass","v2 per layer","v3 per pair","fft only"};
  for(int rep=0;rep<3;rep++)for(int v=0;v<4;v++){double best=1e9; for(int it=0;it<40;it++){for(int i=0;i<4*MODES;i++)s[i]=1e-6*sin(i*0.1);double t0=now();fs[v]();double t1=now();if(t1-t0<best)best=t1-t0;} printf("%s: %.0f us\n",nm[v],best*1e6);}
}
