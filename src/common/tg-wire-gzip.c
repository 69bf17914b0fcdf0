/* tg-wire-gzip.c: gzip for sync bodies, with a bound on what gunzip makes. */
#include "tg-wire-private.h"

/* gunzip works through its output this many bytes at a time. */
#define CHUNK_SIZE (64 * 1024)

/* Runs all of @input through @converter, failing with PAYLOAD_TOO_LARGE
 * once the output passes @max_output. The output grows a chunk at a time,
 * so a small bomb costs at most @max_output plus one chunk. */
static GBytes *
convert_all (GConverter  *converter,
             GBytes      *input,
             gsize        max_output,
             GError     **error)
{
  g_autoptr(GByteArray) output = g_byte_array_new ();
  g_autofree guint8 *chunk = g_malloc (CHUNK_SIZE);
  const guint8 *data;
  gsize length;
  gsize offset = 0;

  data = g_bytes_get_data (input, &length);
  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      GConverterResult result;
      gsize bytes_read = 0;
      gsize bytes_written = 0;

      result = g_converter_convert (converter, data + offset, length - offset,
                                    chunk, CHUNK_SIZE,
                                    G_CONVERTER_INPUT_AT_END,
                                    &bytes_read, &bytes_written,
                                    &local_error);
      if (result == G_CONVERTER_ERROR)
        {
          /* GZlibDecompressor asks for more input when the stream is cut
           * short; all the input is here, so there is no more. */
          if (g_error_matches (local_error, G_IO_ERROR,
                               G_IO_ERROR_PARTIAL_INPUT))
            _tg_wire_error (error, TG_WIRE_ERROR_BAD_REQUEST,
                            "body: the gzip stream is truncated");
          else
            _tg_wire_error (error, TG_WIRE_ERROR_BAD_REQUEST,
                            "body: the gzip stream is damaged (%s)",
                            local_error->message);
          return NULL;
        }
      offset += bytes_read;
      if (bytes_written > max_output - output->len)
        {
          _tg_wire_error (error, TG_WIRE_ERROR_PAYLOAD_TOO_LARGE,
                          "body: more than %" G_GSIZE_FORMAT " bytes unpacked",
                          max_output);
          return NULL;
        }
      g_byte_array_append (output, chunk, (guint) bytes_written);
      if (result == G_CONVERTER_FINISHED)
        break;
      if (bytes_read == 0 && bytes_written == 0)
        {
          _tg_wire_error (error, TG_WIRE_ERROR_BAD_REQUEST,
                          "body: the gzip stream is truncated");
          return NULL;
        }
    }

  /* A second gzip member or stray bytes after the end are not something
   * our own sender makes; they would only hide data from the parser. */
  if (offset != length)
    {
      _tg_wire_error (error, TG_WIRE_ERROR_BAD_REQUEST,
                      "body: data follows the end of the gzip stream");
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&output));
}

GBytes *
tg_wire_gzip (GBytes *data)
{
  g_autoptr(GZlibCompressor) compressor = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *packed;

  g_return_val_if_fail (data != NULL, NULL);

  compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1);
  packed = convert_all (G_CONVERTER (compressor), data, G_MAXUINT, &error);
  /* Compressing memory into memory has no way to fail but running out of
   * memory, which GLib already treats as fatal. */
  if (packed == NULL)
    g_error ("gzip: %s", error->message);
  return packed;
}

GBytes *
tg_wire_gunzip (GBytes  *data,
                gsize    max_unpacked,
                GError **error)
{
  g_autoptr(GZlibDecompressor) decompressor = NULL;

  g_return_val_if_fail (data != NULL, NULL);

  if (g_bytes_get_size (data) == 0)
    {
      _tg_wire_error (error, TG_WIRE_ERROR_BAD_REQUEST, "body: empty");
      return NULL;
    }
  decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  return convert_all (G_CONVERTER (decompressor), data,
                      MIN (max_unpacked, G_MAXUINT), error);
}
