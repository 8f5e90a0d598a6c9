// Lesson 16's exercises: running a model on a device and fetching its answer back, fetching only
// what is needed, and timing work on a device that runs behind the host's back.
#pragma once

#include <functional>

#include "autograd/autograd.h"
#include "nn/module.h"

namespace buildgpt::lessons {

// Exercise 1: moves `model` to `device`, copies x there, runs the model without recording a
// graph and returns its output on the CPU. The model stays on `device`.
Tensor run_on(nn::Module& model, const Tensor& x, Device device);

// Exercise 2: the class each row of x is given, the index of the largest output (int64 [N]),
// worked out where x and the model are and returned on the CPU: N numbers come back instead of
// the whole output.
Tensor predicted_classes(nn::Module& model, const Tensor& x);

// Exercise 3: the wall time of `work` in milliseconds, from the moment `device` has finished
// what was queued before to the moment it has finished what `work` queued.
double synchronized_ms(Device device, const std::function<void()>& work);

}  // namespace buildgpt::lessons
