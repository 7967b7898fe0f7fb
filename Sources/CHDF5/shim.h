#include <hdf5.h>
#include <string.h>

/*
 * HDF5 exposes its predefined types, property-list classes and flags as macros that expand to
 * global variables behind H5open() (e.g. `#define H5T_NATIVE_DOUBLE (H5OPEN H5T_NATIVE_DOUBLE_g)`),
 * which Swift cannot import. These one-line functions make them callable from Swift.
 */

static inline hid_t holdout_h5p_default(void) { return H5P_DEFAULT; }
static inline hid_t holdout_h5s_all(void) { return H5S_ALL; }
static inline unsigned holdout_h5f_acc_trunc(void) { return H5F_ACC_TRUNC; }
static inline unsigned holdout_h5f_acc_rdonly(void) { return H5F_ACC_RDONLY; }
static inline size_t holdout_h5t_variable(void) { return H5T_VARIABLE; }

static inline hid_t holdout_h5p_file_create(void) { return H5P_FILE_CREATE; }
static inline hid_t holdout_h5p_file_access(void) { return H5P_FILE_ACCESS; }
static inline hid_t holdout_h5p_group_create(void) { return H5P_GROUP_CREATE; }
static inline hid_t holdout_h5p_dataset_create(void) { return H5P_DATASET_CREATE; }

static inline hid_t holdout_h5t_native_double(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t holdout_h5t_native_int64(void) { return H5T_NATIVE_INT64; }
static inline hid_t holdout_h5t_native_int8(void) { return H5T_NATIVE_INT8; }
static inline hid_t holdout_h5t_ieee_f64le(void) { return H5T_IEEE_F64LE; }
static inline hid_t holdout_h5t_ieee_f32le(void) { return H5T_IEEE_F32LE; }
static inline hid_t holdout_h5t_std_i64le(void) { return H5T_STD_I64LE; }
static inline hid_t holdout_h5t_std_i8le(void) { return H5T_STD_I8LE; }
static inline hid_t holdout_h5t_c_s1(void) { return H5T_C_S1; }

/* Turns off HDF5's automatic printing of error stacks to stderr for the calling thread
 * (error stacks are per thread in a thread-safe build); failures are reported as Swift errors. */
static inline herr_t holdout_h5e_silence(void) { return H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }

static inline herr_t holdout_h5e_clear(void) { return H5Eclear2(H5E_DEFAULT); }

/* Walk callback: keeps the description of the innermost (first-walked) error that has one. */
static inline herr_t holdout_h5e_walk_first(unsigned n, const H5E_error2_t *err, void *data) {
    char *buffer = (char *)data;
    (void)n;
    if (buffer[0] == '\0' && err != NULL && err->desc != NULL) {
        strncpy(buffer, err->desc, 511);
        buffer[511] = '\0';
    }
    return 0;
}

/* Copies the most specific message of the current thread's error stack into `buffer`
 * (at least 512 bytes) and clears the stack. */
static inline void holdout_h5e_message(char *buffer) {
    buffer[0] = '\0';
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, holdout_h5e_walk_first, buffer);
    H5Eclear2(H5E_DEFAULT);
}
