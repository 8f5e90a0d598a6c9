#include "autograd/storage.h"

#include "autograd/backend.h"

namespace buildgpt {

Storage::Storage(size_t nbytes, Device device)
    : nbytes_(nbytes), device_(device), backend_(&backend_for(device)) {
  if (nbytes > 0) data_ = backend_->allocate(nbytes, device);
}

Storage::~Storage() {
  if (data_) backend_->deallocate(data_, nbytes_, device_);
}

}  // namespace buildgpt
